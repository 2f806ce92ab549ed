import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { campaignDetail } from "#app/inspection/inspection.server.ts";
import { redraw } from "#app/inspection/campaign-draw.server.ts";
import { Message } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { AwaitingDraw, InspectionTargets } from "#app/ui/inspection-targets.tsx";
import { idParam } from "#app/http/params.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((_t, d) => d.inspection.title);

/** Public: the draw's inputs and its results. `?redraw=1` runs the draw again (read-only). */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const detail = await campaignDetail(await getDb(), idParam(params, "inspectionId"));
  if (!detail) throw notFound();
  const check = new URL(request.url).searchParams.get("redraw") === "1" ? (redraw(detail)?.matches ?? null) : null;
  return { ...detail, check };
}

export default function PublicInspection() {
  const { inspection, marks, targets, poolNames, check } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p>
        <a href="/inspections">← {t("inspection.publicTitle")}</a>
      </p>
      <h1>{inspection.title}</h1>
      <Facts>
        <Fact label={t("inspection.number")} className="code">
          {inspection.number}
        </Fact>
        <Fact label={t("inspection.division")}>{inspection.division_name}</Fact>
        <Fact label={t("inspection.marks")}>{marks.map((m) => m.name).join(t("punct.list"))}</Fact>
        <Fact label={t("inspection.createdAt")}>{formatDateTime(inspection.created_at, lang)}</Fact>
        <Fact label={t("inspection.sample")}>
          {inspection.sample_size
            ? t("inspection.sampleSize", { n: inspection.sample_size })
            : t("inspection.sampleRatio", { ratio: Math.round(Number(inspection.sample_ratio) * 10000) / 100 })}{" "}
          / {inspection.population.length}
        </Fact>
        {inspection.drawn_at ? (
          <Fact label={t("inspection.drawnAt")}>{formatDateTime(inspection.drawn_at, lang)}</Fact>
        ) : null}
      </Facts>
      <h2>{t("inspection.targets")}</h2>
      {inspection.drawn_at ? (
        <InspectionTargets targets={targets} label={t("inspection.targets")} />
      ) : (
        <AwaitingDraw announceLeaf={inspection.announce_leaf} />
      )}
      <p>
        <a href={`/inspections/${inspection.id}/results.csv`}>{t("inspection.csv")}</a> ·{" "}
        <XlsxLink csvHref={`/inspections/${inspection.id}/results.csv`} />
      </p>
      <section aria-labelledby="reproduce">
        <h2 id="reproduce">{t("inspection.reproduce")}</h2>
        <p>{t("inspection.reproduceLead")}</p>
        <ol>
          <li>{t("inspection.rule.targets", { n: targets.length })}</li>
          <li>
            {t(
              inspection.assignment === "balanced"
                ? "inspection.rule.inspectorsBalanced"
                : "inspection.rule.inspectors",
              { k: inspection.inspectors_per_target },
            )}
          </li>
        </ol>
        {inspection.seed_checkpoint ? (
          <>
            <h3>{t("inspection.seedCheckpoint")}</h3>
            <p>{t("inspection.seedCheckpointLead", { size: inspection.seed_checkpoint_size ?? 0 })}</p>
            <pre className="code">{inspection.seed_checkpoint}</pre>
            <p>
              <a href="/log/checkpoint">{t("inspection.logCheckpoint")}</a> ·{" "}
              <a href="/log/vkey">{t("inspection.logVkey")}</a>
            </p>
          </>
        ) : inspection.seed ? (
          <p>{t("inspection.seedLegacy")}</p>
        ) : null}
        <Facts>
          <Fact label={t("inspection.seed")} className="code">
            {inspection.seed ?? t("inspection.status.awaiting")}
          </Fact>
          <Fact label={t("inspection.pool")}>
            <ul>
              {inspection.pool.map((id) => (
                <li key={id}>
                  {poolNames[id] ?? "—"} <span className="code">{id}</span>
                </li>
              ))}
            </ul>
          </Fact>
        </Facts>
        <details>
          <summary>{t("inspection.candidates", { n: inspection.population.length })}</summary>
          <ol className="code">
            {inspection.population.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ol>
        </details>
        <form method="get">
          <input type="hidden" name="redraw" value="1" />
          <button type="submit" className="secondary">
            {t("inspection.redraw")}
          </button>
        </form>
        {check === true ? (
          <Message tone="ok" message={{ key: "inspection.redrawOk", params: { n: targets.length } }} />
        ) : null}
        {check === false ? <Message tone="error" message={{ key: "inspection.redrawBad" }} /> : null}
      </section>
    </>
  );
}
