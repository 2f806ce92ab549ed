import { useT } from "#app/i18n/use-t.ts";

/** The CSV of the list beside it (formula-safe, UTF-8 with BOM for spreadsheets). */
export function CsvLink({ href }: { href: string }) {
  const t = useT();
  return (
    <p className="no-print">
      <a href={href} title={t("csv.injectionNote")}>
        {t("csv.export")}
      </a>
    </p>
  );
}
