import { Form } from "@remix-run/react";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { DataTable } from "./data-table.tsx";

type Change = {
  id: string;
  status: "pending" | "approved" | "rejected";
  before: unknown;
  proposed: unknown;
  reason: string | null;
  requested_at: Date | string;
  decided_at: Date | string | null;
  decision_comment: string | null;
  requester: string | null;
  decider: string | null;
  authorization_mark: string | null;
  may_decide: boolean;
};

const FIELDS = {
  name: "enterprise.name",
  address: "enterprise.address",
  legalRepresentative: "enterprise.legalRepresentative",
  uscc: "enterprise.uscc",
  products: "field.products",
} as const;

/** Every change request with the version before and the version proposed. */
export function ChangeRequests({ changes, isRegulator }: { changes: Change[]; isRegulator: boolean }) {
  const t = useT();
  const lang = useLang();
  const fieldName = (k: string, mark: string | null) =>
    k === "products" && mark ? t("change.productsOf", { mark }) : k in FIELDS ? t(FIELDS[k as keyof typeof FIELDS]) : k;
  const proposed = (c: Change) => (c.proposed ?? {}) as Record<string, string>;
  const before = (c: Change) => (c.before ?? {}) as Record<string, string | null>;
  return (
    <DataTable
      label={t("change.title")}
      empty={t("common.none")}
      rows={changes}
      rowKey={(c) => c.id}
      columns={[
        {
          header: t("register.filterStatus"),
          cell: (c) => (
            <>
              {t(`change.status.${c.status}`)}
              <div className="muted">{formatDateTime(c.requested_at, lang)}</div>
              {c.decided_at ? (
                <div className="muted">
                  {formatDateTime(c.decided_at, lang)} {c.decider}
                </div>
              ) : null}
            </>
          ),
        },
        {
          header: t("change.before"),
          cell: (c) =>
            Object.keys(proposed(c)).map((k) => (
              <div key={k}>
                {fieldName(k, c.authorization_mark)}
                {t("punct.colon")}
                {before(c)[k] ?? "—"}
              </div>
            )),
        },
        {
          header: t("change.proposed"),
          cell: (c) =>
            Object.entries(proposed(c)).map(([k, v]) => (
              <div key={k}>
                {fieldName(k, c.authorization_mark)}
                {t("punct.colon")}
                <strong>{v}</strong>
              </div>
            )),
        },
        {
          header: t("change.reason"),
          cell: (c) => (
            <>
              {c.reason}
              {c.decision_comment ? <div className="muted">{c.decision_comment}</div> : null}
              {isRegulator && c.status === "pending" && !c.may_decide ? (
                <div className="muted">{t("change.notYours")}</div>
              ) : null}
              {c.may_decide ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="changeId" value={c.id} />
                  <div className="field">
                    <label htmlFor={`comment-${c.id}`}>{t("authz.comment")}</label>
                    <input id={`comment-${c.id}`} name="comment" maxLength={500} />
                  </div>
                  <div>
                    <button className="primary" type="submit" name="decision" value="approve">
                      {t("change.approve")}
                    </button>{" "}
                    <button className="secondary" type="submit" name="decision" value="reject">
                      {t("change.reject")}
                    </button>
                  </div>
                </Form>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}
