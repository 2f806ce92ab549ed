import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { findVisibleEnterprise } from "#app/enterprise/enterprise.server.ts";
import { listAuthorizations } from "#app/authorization/queries.server.ts";
import { AuthorizationTable } from "#app/ui/authorization-table.tsx";
import { useT } from "#app/i18n/use-t.ts";
import { formatDateTime } from "#app/ui/format.ts";
import { useLang } from "#app/i18n/use-t.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const enterprise = await findVisibleEnterprise(await getDb(), user, params.enterpriseId ?? "");
  // Another enterprise's id, or a region outside the regulator's division: the same 404.
  if (!enterprise) throw notFound();
  const authorizations = await listAuthorizations(await getDb(), user, { enterpriseId: enterprise.id });
  return { enterprise, authorizations, canApply: user.role === "enterprise" };
}

export default function EnterprisePage() {
  const { enterprise, authorizations, canApply } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{enterprise.name}</h1>
      {params.get("orgCodeWarning") === "1" ? (
        <div className="alert warn" role="status">
          {t("register.orgCodeWarning")}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("enterprise.uscc")}</dt>
        <dd className="code">{enterprise.uscc}</dd>
        <dt>{t("enterprise.division")}</dt>
        <dd>{enterprise.division_name}</dd>
        <dt>{t("enterprise.legalRepresentative")}</dt>
        <dd>{enterprise.legal_representative ?? t("common.none")}</dd>
        <dt>{t("enterprise.address")}</dt>
        <dd>{enterprise.address ?? t("common.none")}</dd>
        <dt>{t("enterprise.contact")}</dt>
        <dd>
          {enterprise.contact_name} {enterprise.contact_phone}
        </dd>
        <dt>{t("enterprise.registeredAt")}</dt>
        <dd>{formatDateTime(enterprise.created_at, lang)}</dd>
      </dl>
      {enterprise.org_code_check_failed ? <p className="muted">⚠ {t("enterprise.orgCodeFlag")}</p> : null}
      <h2>{t("authz.list")}</h2>
      {canApply ? (
        <p>
          <a className="button" href="/apply">
            {t("authz.apply")}
          </a>
        </p>
      ) : null}
      <AuthorizationTable rows={authorizations} />
      <p>
        <a href={`/registry/enterprises/${enterprise.id}`}>{t("register.timeline")}</a>
      </p>
    </>
  );
}
