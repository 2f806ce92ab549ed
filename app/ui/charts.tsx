import { useLang, useT } from "#app/i18n/use-t.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { DataTable } from "./data-table.tsx";

// Charts are server-rendered SVG: readable without JavaScript, each with a title and a text
// description for screen readers, and its numbers in a table beside it (and as CSV).

export interface Series {
  key: string;
  label: string;
}

export interface ChartProps {
  id: string;
  title: string;
  /** Column header of the categories in the table (month, day, year). */
  categoryLabel: string;
  categories: string[];
  /** Shorter labels under the bars (defaults to the categories). */
  ticks?: string[];
  series: Series[];
  /** values[series key][category index] */
  values: Record<string, number[]>;
  stacked?: boolean;
  csvHref: string;
}

const W = 640;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };

/**
 * The value axis for counts: about four whole-number steps of 1, 2 or 5 × 10ⁿ, the top at or
 * above the largest value (a count axis that says 2.5 users reads as a mistake).
 */
export function countAxis(max: number): number[] {
  const rough = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

export function BarChart({
  id,
  title,
  categoryLabel,
  categories,
  ticks,
  series,
  values,
  stacked = false,
  csvHref,
}: ChartProps) {
  const t = useT();
  const totals = categories.map((_, i) => series.reduce((s, x) => s + (values[x.key]?.[i] ?? 0), 0));
  const peak = stacked ? Math.max(0, ...totals) : Math.max(0, ...series.flatMap((x) => values[x.key] ?? []));
  const lang = useLang();
  const axisLabel = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const axis = countAxis(peak);
  const top = axis.at(-1)!;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, categories.length);
  const barW = stacked ? slot * 0.7 : (slot * 0.8) / Math.max(1, series.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const labelEvery = Math.ceil(categories.length / 12);
  const grand = totals.reduce((a, b) => a + b, 0);
  const busiest = totals.indexOf(Math.max(...totals));
  const description = t("chart.describe", {
    total: grand,
    from: categories[0] ?? "",
    to: categories.at(-1) ?? "",
    peak: grand ? `${categories[busiest]} (${totals[busiest]})` : "—",
  });
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {axis.map((v) => (
          <g key={v} className="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end">
              {axisLabel.format(v)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => {
          let base = 0;
          return (
            <g key={category}>
              {series.map((s, j) => {
                const v = values[s.key]?.[i] ?? 0;
                const x = stacked
                  ? PAD.left + i * slot + (slot - barW) / 2
                  : PAD.left + i * slot + slot * 0.1 + j * barW;
                const y0 = stacked ? y(base + v) : y(v);
                const h = stacked ? y(base) - y(base + v) : y(0) - y(v);
                base += v;
                return v > 0 ? (
                  <rect
                    key={s.key}
                    className={`s${j + 1}`}
                    x={x}
                    y={y0}
                    width={Math.max(1, barW - 1)}
                    height={Math.max(0, h)}
                  >
                    <title>{`${category} · ${s.label}: ${v}`}</title>
                  </rect>
                ) : null;
              })}
              {i % labelEvery === 0 ? (
                <text className="tick" x={PAD.left + i * slot + slot / 2} y={H - 8} textAnchor="middle">
                  {(ticks ?? categories)[i]}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-hidden="true">
        {series.map((s, j) => (
          <li key={s.key}>
            <span className={`swatch s${j + 1}`} /> {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("chart.table", { title })}</summary>
        <DataTable
          label={title}
          rows={categories}
          rowKey={(category) => category}
          columns={[
            { header: categoryLabel, rowHeader: true, cell: (category) => category },
            ...series.map((s) => ({
              header: s.label,
              cell: (_: string, i: number) => values[s.key]?.[i] ?? 0,
            })),
            series.length > 1 && { header: t("chart.total"), cell: (_: string, i: number) => totals[i] },
          ]}
        />
      </details>
      <p>
        <a href={csvHref}>{t("chart.csv", { title })}</a> · <XlsxLink csvHref={csvHref} />
      </p>
    </figure>
  );
}

/** A bar against a target, with the figure in words for screen readers. */
export function TargetBar({ value, target, label }: { value: number; target: number | null; label: string }) {
  const share = target ? Math.min(1, value / target) : 0;
  return (
    <svg className="target-bar" viewBox="0 0 100 10" role="img" aria-label={label} preserveAspectRatio="none">
      <rect className="track" x="0" y="0" width="100" height="10" />
      <rect className={share >= 1 ? "done" : "fill"} x="0" y="0" width={share * 100} height="10" />
    </svg>
  );
}
