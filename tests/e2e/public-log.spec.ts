import { expect, test, type Browser } from "@playwright/test";
import { leafHash } from "#app/log/hash.ts";
import { verifyInclusion } from "#app/log/merkle.ts";
import { openNote, parseVerifierKey } from "#app/log/note.ts";
import { parseCheckpointText } from "#app/log/checkpoint.ts";
import { verifyLog } from "#app/log/monitor.ts";
import { parseCode } from "#app/label-code/code.ts";

/** The demo seed lists one code per verdict on the home page. */
async function demoCodes(browser: Browser): Promise<Record<string, string>> {
  const page = await browser.newPage();
  await page.goto("/");
  const links = page.getByRole("region", { name: "演示：扫一扫这些标签" }).getByRole("link");
  const codes: Record<string, string> = {};
  for (const link of await links.all())
    codes[(await link.textContent())!.trim()] = (await link.getAttribute("href"))!.replace("/v/", "");
  await page.close();
  return codes;
}

test("from the scan page, JavaScript off, to a proof of issue anyone can check", async ({
  browser,
  request,
  baseURL,
}) => {
  const codes = await demoCodes(browser);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/v/${codes["正品"]}`);
  await page.getByRole("link", { name: "查看公开日志中的签发证明" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("公开日志证明");
  await expect(page.getByRole("status")).toContainText(
    /本码于 .* 签发给 .*（统一社会信用代码 \w{18}），用于“安化黄精”，签发当日其用标资格有效。/,
  );
  await expect(page.getByText(/本页已按 RFC 6962 重新计算/)).toBeVisible();
  await expect(page.getByRole("region", { name: "这一用标资格在公开日志中的记录" })).toContainText("公告生效");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "C2SP tlog-proof 文件" }).click();
  expect((await download).suggestedFilename()).toMatch(/\.tlog-proof$/);

  // The JSON proof checks out with nothing but the published verifier key.
  const vkey = parseVerifierKey((await (await request.get("/log/vkey")).text()).trim());
  const proof = await (await request.get(`/api/v1/verify/${codes["正品"]}/proof`)).json();
  const cp = parseCheckpointText(openNote(proof.checkpoint, [vkey]).text);
  const leaf = Buffer.from(proof.leaf, "base64");
  const b64 = (list: string[]) => list.map((h) => Buffer.from(h, "base64"));
  expect(verifyInclusion(leafHash(leaf), proof.leafIndex, cp.size, b64(proof.inclusion), cp.root)).toBe(true);
  const code = parseCode(decodeURIComponent(codes["正品"]!));
  if (!code.ok) throw new Error("demo code does not parse");
  expect(
    verifyInclusion(
      leafHash(code.bytes),
      proof.batch.index,
      proof.batch.size,
      b64(proof.batch.path),
      Buffer.from(proof.batch.root, "base64"),
    ),
  ).toBe(true);
  expect(JSON.parse(leaf.toString("utf8")).codesRoot).toBe(proof.batch.root);

  // An exited user's label: issued while authorized, and the exit is in the log too.
  const exited = Object.entries(codes).find(([label]) => label.includes("已退出"))![1];
  await page.goto(`/v/${exited}/proof`);
  await expect(page.getByRole("region", { name: "这一用标资格在公开日志中的记录" })).toContainText("注销");
  await context.close();

  // And the whole log, as log:verify checks it.
  const report = await verifyLog(async (path) => {
    const res = await request.get(`${baseURL}/log/${path}`);
    return { status: res.status(), body: Buffer.from(await res.body()) };
  });
  expect(report.problem).toBeUndefined();
  expect(report.size).toBeGreaterThan(10);
});
