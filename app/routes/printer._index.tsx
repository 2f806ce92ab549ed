import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { findPrinterOf } from "#app/printer/printer.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { listOrders } from "#app/label/queries.server.ts";
import { LabelOrdersTable } from "#app/ui/label-orders-table.tsx";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("nav.printer");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "printer");
  const db = await getDb();
  const [printer, orders] = await Promise.all([findPrinterOf(db, user), listOrders(db, user)]);
  return { printer, orders };
}

export default function PrinterHome() {
  const { printer, orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{printer?.name ?? t("role.printer")}</h1>
      <Facts>
        <Fact label={t("enterprise.uscc")} className="code">
          {printer?.uscc ?? t("common.none")}
        </Fact>
        <Fact label={t("enterprise.division")}>{printer?.division_name}</Fact>
      </Facts>
      <h2>{t("nav.printer")}</h2>
      <CsvLink href="/export/label-orders" />
      {orders.length ? (
        <LabelOrdersTable rows={orders} showEnterprise label={t("nav.printer")} />
      ) : (
        <p className="muted">{t("printer.noOrders")}</p>
      )}
    </>
  );
}
