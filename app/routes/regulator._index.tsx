import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { listVisibleEnterprises } from "#app/enterprise/enterprise.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatDate } from "#app/ui/format.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const enterprises = await listVisibleEnterprises(await getDb(), user);
  return { divisionName: user.divisionName, isApprover: user.isApprover, enterprises };
}

export default function RegulatorDesk() {
  const { divisionName, isApprover, enterprises } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("regulator.title")}</h1>
      <p>
        {t("regulator.division", { division: divisionName ?? "" })}
        {isApprover ? <span className="badge"> {t("role.approver")}</span> : null}
      </p>
      <p className="muted">{t("regulator.scopeNote")}</p>
      <h2>{t("enterprise.list")}</h2>
      {enterprises.length === 0 ? (
        <p>{t("enterprise.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("enterprise.name")}</th>
                <th scope="col">{t("enterprise.uscc")}</th>
                <th scope="col">{t("enterprise.division")}</th>
                <th scope="col">{t("enterprise.registeredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {enterprises.map((e) => (
                <tr key={e.id}>
                  <td>
                    <a href={`/enterprises/${e.id}`}>{e.name}</a>
                    {e.org_code_check_failed ? <span title={t("enterprise.orgCodeFlag")}> ⚠</span> : null}
                  </td>
                  <td className="code">{e.uscc}</td>
                  <td>{e.division_name}</td>
                  <td>{formatDate(e.created_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
