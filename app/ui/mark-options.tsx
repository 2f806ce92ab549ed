import { useT } from "#app/i18n/use-t.ts";

/** A mark as the report forms offer it: its name and, in brackets, the division it belongs to. */
interface MarkChoice {
  id: string;
  name: string;
  division: string;
}

/**
 * The options of a "which mark" chooser on the consumer's report form and the regulator's listing
 * form: a blank "choose" first, then each mark named with its division (two marks may share a name).
 */
export function MarkOptions({ marks }: { marks: readonly MarkChoice[] }) {
  const t = useT();
  return (
    <>
      <option value="">{t("report.markChoose")}</option>
      {marks.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
          {t("punct.paren", { text: m.division })}
        </option>
      ))}
    </>
  );
}
