import type { ReactNode } from "react";

/** One column, declared once: its header words and how a row fills its cell. */
export type Column<Row> = {
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Figures: right-aligned, tabular digits, never wrapped (`td.num`). */
  numeric?: boolean;
  /** The cell names its row (`<th scope="row">`), as the first column of a ledger does. */
  rowHeader?: boolean;
  /** The column's cell in a totals row (`<tfoot>`); the row shows when any column has one. */
  foot?: ReactNode;
  /** In a `stack-on-phone` table the cell repeats its header words before its value (`data-label`). */
  phoneLabel?: boolean;
  /** Extra class on the header cell, e.g. "nowrap". */
  headerClassName?: string;
  /** Extra class on the cell, e.g. "code" for serials and credit codes. */
  className?: string;
  /** Attributes a test or a stylesheet reads off the cell (e.g. `data-figure`). */
  cellProps?: (row: Row) => Record<`data-${string}`, string>;
};

/** A column left out where the page does not show it: `cond ? column : null`. */
type MaybeColumn<Row> = Column<Row> | null | false | undefined;

/**
 * A table whose columns are declared once. It always has an accessible name (a visible caption
 * or an aria-label), headers with `scope="col"`, and scrolls sideways inside its own box on a
 * narrow phone rather than widening the page. With `empty`, no rows shows those words instead.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  label,
  caption,
  empty,
  rowClassName,
  className,
}: {
  columns: MaybeColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  /** The table's name for screen readers when there is no visible caption (usually the heading above it). */
  label?: string;
  caption?: ReactNode;
  empty?: ReactNode;
  rowClassName?: (row: Row) => string | undefined;
  className?: string;
}) {
  if (!rows.length && empty !== undefined) return <p className="muted">{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  return (
    <div className="table-wrap">
      <table aria-label={caption ? undefined : label} className={className}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th scope="col" key={i} className={cellClass({ numeric: c.numeric, className: c.headerClassName })}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} className={rowClassName?.(row)}>
              {shown.map((c, i) =>
                c.rowHeader ? (
                  <th scope="row" key={i} className={cellClass(c)} {...c.cellProps?.(row)}>
                    {c.cell(row, r)}
                  </th>
                ) : (
                  <td
                    key={i}
                    className={cellClass(c)}
                    data-label={c.phoneLabel && typeof c.header === "string" ? c.header : undefined}
                    {...c.cellProps?.(row)}
                  >
                    {c.cell(row, r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {shown.some((c) => c.foot !== undefined) ? (
          <tfoot>
            <tr>
              {shown.map((c, i) =>
                c.rowHeader ? (
                  <th scope="row" key={i} className={cellClass(c)}>
                    {c.foot}
                  </th>
                ) : (
                  <td key={i} className={cellClass(c)}>
                    {c.foot}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function cellClass(c: { numeric?: boolean; className?: string }): string | undefined {
  return [c.numeric ? "num" : null, c.className].filter(Boolean).join(" ") || undefined;
}
