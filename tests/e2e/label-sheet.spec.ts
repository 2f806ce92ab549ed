import { expect, test, type Page } from "@playwright/test";
import { renderAndDecode } from "#tests/support/qr-decode.ts";
import { signInAs } from "./helpers.ts";

const PER_PAGE = 24;

/** The demo printer's orders (three of 40 labels each: 安化黄精 twice, 柞水木耳 once) with each label's URL from the code CSV. */
async function printerOrders(page: Page) {
  await signInAs(page, "printer.demo");
  await page.goto("/printer");
  const hrefs = await page
    .locator('a[href^="/label-orders/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  const orders = [];
  for (const href of [...new Set(hrefs)]) {
    const csv = await (await page.request.get(`${href}/codes.csv`)).text();
    const urls = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[2]!);
    orders.push({ href, urls });
  }
  return orders;
}

test("every code on the demo printer's label PDFs decodes with zbar at 300 dpi to its exact URL", async ({ page }) => {
  test.setTimeout(120_000);
  const orders = await printerOrders(page);
  // The demo seed's three orders of 40 (other specs may have added orders of their own).
  const demoOrders = orders.filter((o) => o.urls.length === 40);
  expect(demoOrders).toHaveLength(3);
  for (const order of demoOrders) {
    const pdf = await page.request.get(`${order.href}/sheet.pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const { codes, cleanup } = renderAndDecode(await pdf.body());
    try {
      expect(codes).toHaveLength(Math.ceil(order.urls.length / PER_PAGE));
      codes.forEach((found, p) =>
        expect(found.toSorted()).toEqual(order.urls.slice(p * PER_PAGE, (p + 1) * PER_PAGE).toSorted()),
      );
    } finally {
      cleanup();
    }
  }
});

test("the printable HTML sheet, printed by the browser, decodes too and keeps each QR's quiet zone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const order = (await printerOrders(page)).find((o) => o.urls.length === 40);
  await page.goto(`${order!.href}/sheet`);
  await expect(page.getByText("纠错等级 M，模块 0.762 mm，四周各留 4 个模块的空白区")).toBeVisible();

  // Laid out: each QR (its drawing includes the white quiet zone) sits inside its label's border
  // and apart from the label's text.
  const boxes = await page.locator(".label-sheet li.label").evaluateAll((items) =>
    items.map((li) => {
      const box = (el: Element) => el.getBoundingClientRect().toJSON() as DOMRect;
      const svg = li.querySelector(".qr svg")!;
      const style = getComputedStyle(li);
      return {
        label: box(li),
        border: parseFloat(style.borderLeftWidth),
        qr: box(svg),
        text: box(li.querySelector(".qr + div")!),
        side: Number(svg.getAttribute("viewBox")!.split(" ")[2]),
      };
    }),
  );
  expect(boxes).toHaveLength(40);
  for (const { label, border, qr, text } of boxes) {
    expect(qr.left).toBeGreaterThan(label.left + border);
    expect(qr.top).toBeGreaterThan(label.top + border);
    expect(qr.bottom).toBeLessThan(label.bottom - border);
    expect(qr.right).toBeLessThanOrEqual(text.left);
  }

  // Printed to A4 by Chromium and rendered at 300 dpi: every label's URL, exactly once.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", margin: { top: "10mm", bottom: "10mm", left: "10mm", right: "10mm" } });
  const found = new Set(decodeAll(pdf, 300));
  // Chromium's own rasterisation of an SVG can, for a rare code, leave zbar short of one symbol at
  // 300 dpi; a scanner reads the printed page at whatever resolution it has, so a miss is tried
  // again at 600 dpi before it counts as a label that cannot be read.
  if (order!.urls.some((url) => !found.has(url))) for (const url of decodeAll(pdf, 600)) found.add(url);
  expect([...found].toSorted()).toEqual(order!.urls.toSorted());
});

function decodeAll(pdf: Buffer, dpi: number): string[] {
  const { codes, cleanup } = renderAndDecode(pdf, dpi);
  try {
    return codes.flat();
  } finally {
    cleanup();
  }
}
