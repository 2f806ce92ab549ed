import { useT } from "#app/i18n/use-t.ts";

/** The .xlsx twin of a CSV download: `/x.csv?q` → `/x.xlsx?q`, `/export/list?q` → `/export/list.xlsx?q`. */
export function xlsxHref(csvHref: string): string {
  const [path = "", query] = csvHref.split(/\?(.*)/s, 2);
  const xlsx = path.endsWith(".csv") ? path.replace(/\.csv$/, ".xlsx") : `${path}.xlsx`;
  return query === undefined ? xlsx : `${xlsx}?${query}`;
}

/** The Excel link set beside a CSV link. */
export function XlsxLink({ csvHref }: { csvHref: string }) {
  const t = useT();
  return (
    <a href={xlsxHref(csvHref)} title={t("xlsx.note")}>
      {t("xlsx.short")}
    </a>
  );
}

/** The CSV of the list beside it (formula-safe, UTF-8 with BOM for spreadsheets), and its .xlsx. */
export function CsvLink({ href }: { href: string }) {
  const t = useT();
  return (
    <p className="no-print">
      <a href={href} title={t("csv.injectionNote")}>
        {t("csv.export")}
      </a>{" "}
      ·{" "}
      <a href={xlsxHref(href)} title={t("xlsx.note")}>
        {t("xlsx.export")}
      </a>
    </p>
  );
}
