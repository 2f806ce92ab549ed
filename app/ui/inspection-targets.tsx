import { useT } from "#app/i18n/use-t.ts";
import type { InspectionItem } from "#app/inspection/items.ts";
import { DataTable } from "./data-table.tsx";

type Target = {
  id: string;
  position: number;
  enterprise_name: string;
  uscc: string;
  mark_name: string;
  result: "conforming" | "non_conforming" | null;
  failed_items: string[];
  note: string | null;
  rectify_deadline: string | null;
  inspected_on: string | null;
  inspectors: { user_id: string; display_name: string }[];
};

/** The drawn targets with their inspectors and results: the same table for the public and for regulators. */
export function InspectionTargets({
  targets,
  photos,
  label,
}: {
  targets: Target[];
  photos?: Record<string, string[]>;
  label: string;
}) {
  const t = useT();
  return (
    <DataTable
      label={label}
      rows={targets}
      rowKey={(x) => x.id}
      rowClassName={(x) => (x.result === "non_conforming" ? "overdue" : undefined)}
      columns={[
        { header: t("inspection.position"), cell: (x) => x.position },
        {
          header: t("enterprise.name"),
          cell: (x) => (
            <>
              {x.enterprise_name}
              <div className="muted code">{x.uscc}</div>
            </>
          ),
        },
        { header: t("inspection.marks"), cell: (x) => x.mark_name },
        {
          header: t("inspection.inspectors"),
          cell: (x) => x.inspectors.map((i) => i.display_name).join(t("punct.list")),
        },
        {
          header: t("inspection.result"),
          cell: (x) => (
            <>
              <strong>{t(`inspection.result.${x.result ?? "pending"}`)}</strong>
              {x.inspected_on ? <div className="muted">{x.inspected_on}</div> : null}
              {x.rectify_deadline ? (
                <div>
                  {t("inspection.rectifyDeadline")}: {x.rectify_deadline}
                </div>
              ) : null}
            </>
          ),
        },
        {
          header: t("inspection.failedItems"),
          cell: (x) => (
            <>
              {x.failed_items.map((k) => t(`inspection.item.${k as InspectionItem}`)).join(t("punct.list")) || "—"}
              {x.note ? <div className="muted">{x.note}</div> : null}
              {photos?.[x.id]?.map((id, i) => (
                <a key={id} href={`/documents/${id}`}>
                  {" "}
                  📷{i + 1}
                </a>
              ))}
            </>
          ),
        },
      ]}
    />
  );
}

/**
 * Where a campaign stands in its draw: announced and waiting for the first signed checkpoint that
 * contains its announcement (with a reload link: the page works without JavaScript), or drawn.
 */
export function AwaitingDraw({ announceLeaf }: { announceLeaf: number | null }) {
  const t = useT();
  return (
    <div className="message" role="status">
      <p>
        {announceLeaf === null
          ? t("inspection.awaitingDrawNoLeaf")
          : t("inspection.awaitingDraw", { leaf: announceLeaf })}
      </p>
      <p>
        <a href="">{t("inspection.refresh")}</a>
      </p>
    </div>
  );
}
