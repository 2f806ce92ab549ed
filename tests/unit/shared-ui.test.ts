import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "#app/ui/data-table.tsx";
import { Fact, Facts } from "#app/ui/facts.tsx";

type Row = { id: string; name: string; count: number };
const rows: Row[] = [
  { id: "a", name: "安化黑茶", count: 1200 },
  { id: "b", name: "柞水木耳", count: 3 },
];
const columns: (Column<Row> | null)[] = [
  { header: "名称", cell: (r) => r.name },
  null,
  { header: "数量", cell: (r) => String(r.count), numeric: true, cellProps: (r) => ({ "data-figure": r.id }) },
];

// Issue 15 item 7: the markup every list shares, declared once.
describe("a data table", () => {
  it("names itself, heads each column for screen readers and scrolls inside its own box", () => {
    const html = renderToStaticMarkup(h(DataTable<Row>, { label: "库存", columns, rows, rowKey: (r) => r.id }));
    expect(html).toMatch(/^<div class="table-wrap"><table aria-label="库存">/);
    expect(html.match(/<th scope="col"/g)).toHaveLength(2);
    expect(html).toContain('<th scope="col" class="num">数量</th>');
    expect(html).toContain('<td class="num" data-figure="a">1200</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it("says its empty-state words instead of an empty table, and keeps the headers when it has none", () => {
    const none = { label: "库存", columns, rows: [], rowKey: (r: Row) => r.id };
    expect(renderToStaticMarkup(h(DataTable<Row>, { ...none, empty: "暂无记录" }))).toBe(
      '<p class="muted">暂无记录</p>',
    );
    expect(renderToStaticMarkup(h(DataTable<Row>, none))).toContain("<tbody></tbody>");
  });

  it("shows a visible caption instead of an aria-label when given one", () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, { caption: "各标志库存", label: "x", columns, rows, rowKey: (r) => r.id }),
    );
    expect(html).toContain("<table><caption>各标志库存</caption>");
  });
});

describe("facts", () => {
  it("pair each label with its value in one definition list", () => {
    const html = renderToStaticMarkup(
      h(Facts, null, h(Fact, { label: "状态" }, "使用中"), h(Fact, { label: "代码", className: "code" }, "91430000")),
    );
    expect(html).toBe('<dl class="facts"><dt>状态</dt><dd>使用中</dd><dt>代码</dt><dd class="code">91430000</dd></dl>');
  });
});
