import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { labelProof } from "#app/log/proof.server.ts";
import { logKeys } from "#app/log/keys.server.ts";
import { formatCode } from "#app/label-code/code.ts";
import { formatDate } from "#app/i18n/format.ts";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("log.proof.title");

/** Public, no JavaScript needed: what the log proves about one label, and the proof to download. */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ params, request }: LoaderFunctionArgs) {
  const code = (params.code ?? "").slice(0, 64);
  const answer = await labelProof(await getDb(), code);
  if ("problem" in answer) {
    const status = answer.problem === "pending" ? 503 : 404;
    throw new Response(answer.problem, { status, headers: status === 503 ? { "Retry-After": "60" } : {} });
  }
  return { ...answer, vkey: logKeys().verifier, logUrl: `${new URL(request.url).origin}/log` };
}

export default function LabelProofPage() {
  const p = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const a = p.authorizedAtIssue;
  const statement = t(a.authorized ? "log.proof.statementActive" : "log.proof.statementNotActive", {
    date: formatDate(p.issuedOn, lang),
    enterprise: p.enterpriseName,
    uscc: p.order.uscc,
    mark: p.markName,
    status: a.status === "none" ? t("log.proof.notInRegister") : t(`status.${a.status}` as MessageKey),
  });
  return (
    <>
      <p>
        <a href={`/v/${p.code}`}>← {t("log.proof.back")}</a>
      </p>
      <h1>{t("log.proof.title")}</h1>
      <p className="code">{formatCode(p.code)}</p>
      <p>{t("log.proof.lead")}</p>
      <p role="status" className={a.authorized ? undefined : "warn"}>
        <strong>{statement}</strong>
      </p>
      <ul>
        <li>
          {t("log.proof.entry", {
            index: p.proof.leafIndex,
            from: p.printed.from,
            to: p.printed.to,
            count: p.order.count,
            serial: p.printed.serial,
          })}
        </li>
        <li>{t("log.proof.checkpoint", { size: p.proof.treeSize, signer: p.signer })}</li>
        <li>
          {p.witnesses.length
            ? t("log.proof.witnesses", { names: p.witnesses.join(t("punct.list")) })
            : t("log.proof.noWitnesses")}
        </li>
        <li>{t(p.verified ? "log.proof.verified" : "log.proof.failed")}</li>
      </ul>
      {p.register.length ? (
        <section aria-labelledby="register">
          <h2 id="register">{t("log.proof.register")}</h2>
          <ul>
            {p.register.map((r) => (
              <li key={r.leafIndex}>
                {t("log.proof.registerEntry", {
                  index: r.leafIndex,
                  action: t(`action.${r.action}` as MessageKey),
                  date: formatDate(r.effectiveOn, lang),
                })}
                {r.reason ? t("punct.paren", { text: t(`exit.${r.reason}` as MessageKey) }) : null}
                {r.announcement ? ` · ${r.announcement}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="download">
        <h2 id="download">{t("log.proof.download")}</h2>
        <ul>
          <li>
            <a href={`/v/${p.code}/proof.tlog-proof`} download>
              {t("log.proof.downloadTlog")}
            </a>
          </li>
          <li>
            <a href={`/api/v1/verify/${p.code}/proof`}>{t("log.proof.downloadJson")}</a>
          </li>
        </ul>
        <p>{t("log.proof.howTo")}</p>
        <pre>{`npm run log:verify -- ${p.logUrl}`}</pre>
        <p>{t("log.proof.vkey")}</p>
        <pre>{p.vkey}</pre>
        <pre>{p.proof.checkpoint}</pre>
      </section>
    </>
  );
}
