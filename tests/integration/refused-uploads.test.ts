import { mkdtempSync } from "node:fs";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, type SessionUser } from "#app/accounts/session.server.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import {
  PENDING_UPLOAD_GRACE_MS,
  settlePendingDocuments,
  transactionWithDocuments,
  uploadDir,
} from "#app/document/document.server.ts";
import { confirmReceipt } from "#app/label/receipt.server.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { recordPrinting } from "#app/label/printing.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { markWithPrinter } from "#tests/support/label-factories.ts";
import { PDF_BYTES, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

// Uploads go to DATA_DIR/uploads; the routes below reach this test's database through getDb().
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-uploads-"));

let t: TestDatabase;
let anhua: SessionUser;
let zhashui: SessionUser;
let approver: SessionUser;
let printer: SessionUser;
let member: SessionUser;
let markSlug: string;
let orderId: string;
let accepted: { id: string; version: number };

beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  anhua = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  zhashui = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const made = await markWithPrinter(t.db, "测试印务", { slug: "uploads" }); // an 安化 mark
  printer = made.printer;
  const mark = made.mark;
  const printerId = made.printerId;
  markSlug = mark.slug;

  const enterprise = await makeEnterprise(t.db, "430923");
  member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  const application = {
    markId: mark.id,
    route: "gi_product" as const,
    townshipCode: mark.townships[0]!,
    products: "茶",
    annualOutput: "10 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  };
  // One authorization in force with an approved label order for the printer …
  const a = await applyForMark(t.db, member, application);
  let v = (await transition(t.db, anhua, a.id, { action: "accept", version: a.version })).version;
  v = (await transition(t.db, anhua, a.id, { action: "review", version: v, comment: "符合", document: SITE_CHECK_PDF }))
    .version;
  await transition(t.db, approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(t.db, approver, { number: "U-1", title: "公告", authorizationIds: [a.id] });
  const order = await orderLabels(t.db, member, {
    authorizationId: a.id,
    quantity: 10,
    template: "方形",
    intendedProducts: "茶",
    printerId,
  });
  await decideOrder(t.db, anhua, order.id, { approve: true, version: order.version });
  orderId = order.id;
  // … and one accepted application waiting for its site-check report.
  const b = await applyForMark(t.db, member, { ...application, products: "茯砖茶" });
  accepted = await transition(t.db, anhua, b.id, { action: "accept", version: b.version });
});
afterAll(async () => {
  await t?.drop();
});

/** Every file under the upload directory, pending ones included. */
async function filesOnDisk(): Promise<string[]> {
  const top = await readdir(uploadDir(), { withFileTypes: true }).catch(() => []);
  const pending = await readdir(join(uploadDir(), "pending")).catch(() => [] as string[]);
  return [...top.filter((e) => e.isFile()).map((e) => e.name), ...pending.map((n) => `pending/${n}`)].sort();
}

async function documentRows() {
  return t.db.selectFrom("document").select(["id", "stored_name", "kind"]).orderBy("created_at").execute();
}

type RouteModule = { action: (args: never) => Promise<unknown> };

/** POSTs a multipart form to a route's action as a signed-in user, as the browser would; returns the status. */
async function post(
  route: RouteModule,
  path: string,
  params: Record<string, string>,
  user: SessionUser,
  fields: Record<string, string>,
  files: Record<string, { name: string; bytes: Uint8Array }>,
): Promise<number> {
  const { token } = await createSession(t.db, user.id, { ipNetwork: null, userAgent: null });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file] of Object.entries(files)) form.append(name, new File([Buffer.from(file.bytes)], file.name));
  const encoded = new Request(`http://localhost${path}`, { method: "POST", body: form });
  const body = await encoded.arrayBuffer();
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": encoded.headers.get("Content-Type")!,
      "Content-Length": String(body.byteLength),
      Cookie: `gi_session=${token}`,
    },
  });
  try {
    const result = (await route.action({ request, params, context: {} } as never)) as { init?: { status?: number } };
    return result?.init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const labelOrderRoute = () => import("#app/routes/label-orders.$orderId._index.tsx") as Promise<RouteModule>;
const authorizationRoute = () => import("#app/routes/authorizations.$authorizationId.tsx") as Promise<RouteModule>;
const markRoute = () => import("#app/routes/admin.marks.$slug.tsx") as Promise<RouteModule>;
const PDF = { name: "报告.pdf", bytes: PDF_BYTES };

describe("a refused request stores nothing", () => {
  it("a printer posting a product batch with a file", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const status = await post(
      await labelOrderRoute(),
      `/label-orders/${orderId}`,
      { orderId },
      printer,
      { intent: "batch", product: "千两茶", batchNo: "P-1", productionDate: "2026-11-01", quantity: "100" },
      { inspectionReport: PDF },
    );
    expect(status).toBe(403);
    expect(await documentRows()).toEqual(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it("an enterprise posting a review of its own application with a file", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const status = await post(
      await authorizationRoute(),
      `/authorizations/${accepted.id}`,
      { authorizationId: accepted.id },
      member,
      { intent: "review", version: String(accepted.version), comment: "自己核验自己" },
      { document: PDF },
    );
    expect(status).toBe(403);
    expect(await documentRows()).toEqual(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it("柞水 uploading a quality document to an 安化 mark", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const status = await post(
      await markRoute(),
      `/admin/marks/${markSlug}`,
      { slug: markSlug },
      zhashui,
      {},
      {
        documents: PDF,
      },
    );
    expect(status).toBe(403);
    expect(await documentRows()).toEqual(rows);
    expect(await filesOnDisk()).toEqual(files);
    const mark = await t.db
      .selectFrom("mark")
      .select("quality_document_id")
      .where("slug", "=", markSlug)
      .executeTakeFirstOrThrow();
    expect(mark.quality_document_id).toBeNull();
  });

  it("a permitted change that fails (a stale form) keeps neither the row nor the file", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const status = await post(
      await authorizationRoute(),
      `/authorizations/${accepted.id}`,
      { authorizationId: accepted.id },
      anhua,
      { intent: "review", version: String(accepted.version + 7), comment: "符合" },
      { document: PDF },
    );
    expect(status).toBe(409);
    expect(await documentRows()).toEqual(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it("a change that fails after its document was written removes both", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const failed = transactionWithDocuments(t.db, async (_trx, documents) => {
      await documents.store(PDF, "other", { actor: SYSTEM_ACTOR, uploadedBy: null, enterpriseId: null });
      expect((await filesOnDisk()).filter((f) => f.startsWith("pending/"))).toHaveLength(1);
      throw new Error("the change failed");
    });
    await expect(failed).rejects.toThrow("the change failed");
    expect(await documentRows()).toEqual(rows);
    expect(await filesOnDisk()).toEqual(files);
  });
});

describe("a permitted request stores its document with the change", () => {
  it("安化 publishes the quality document of its mark", async () => {
    const [rows, files] = [await documentRows(), await filesOnDisk()];
    const status = await post(
      await markRoute(),
      `/admin/marks/${markSlug}`,
      { slug: markSlug },
      anhua,
      {},
      {
        documents: PDF,
      },
    );
    expect(status).toBe(302);
    const added = (await documentRows()).slice(rows.length);
    expect(added).toEqual([expect.objectContaining({ kind: "quality_requirements" })]);
    expect(await filesOnDisk()).toEqual([...files, added[0]!.stored_name].sort());
    expect(await readFile(join(uploadDir(), added[0]!.stored_name))).toEqual(Buffer.from(PDF_BYTES));
    const mark = await t.db
      .selectFrom("mark")
      .select("quality_document_id")
      .where("slug", "=", markSlug)
      .executeTakeFirstOrThrow();
    expect(mark.quality_document_id).toBe(added[0]!.id);
  });

  it("the enterprise records a batch with its inspection report; the regulator a review with its report", async () => {
    // Batches are recorded once the labels have arrived (app/label/order-rules.ts).
    const version = async () =>
      (await t.db.selectFrom("label_order").select("version").where("id", "=", orderId).executeTakeFirstOrThrow())
        .version;
    await recordPrinting(t.db, printer, orderId, { printed: 10, spoiledSerials: [], version: await version() });
    await confirmReceipt(t.db, member, orderId, { received: 10, version: await version() });
    const rows = await documentRows();
    expect(
      await post(
        await labelOrderRoute(),
        `/label-orders/${orderId}`,
        { orderId },
        member,
        { intent: "batch", product: "千两茶", batchNo: "P-2", productionDate: "2026-11-01", quantity: "100" },
        { inspectionReport: PDF },
      ),
    ).toBe(302);
    expect(
      await post(
        await authorizationRoute(),
        `/authorizations/${accepted.id}`,
        { authorizationId: accepted.id },
        anhua,
        { intent: "review", version: String(accepted.version), comment: "符合" },
        { document: PDF },
      ),
    ).toBe(302);
    const added = (await documentRows()).slice(rows.length);
    expect(added.map((d) => d.kind)).toEqual(["inspection_report", "site_check_report"]);
    const batch = await t.db
      .selectFrom("product_batch")
      .select("inspection_document_id")
      .where("batch_no", "=", "P-2")
      .executeTakeFirstOrThrow();
    const reviewed = await t.db
      .selectFrom("authorization")
      .select(["status", "site_check_document_id"])
      .where("id", "=", accepted.id)
      .executeTakeFirstOrThrow();
    expect(batch.inspection_document_id).toBe(added[0]!.id);
    expect(reviewed).toEqual({ status: "reviewed", site_check_document_id: added[1]!.id });
    const onDisk = await filesOnDisk();
    for (const d of added) expect(onDisk).toContain(d.stored_name);
    expect(onDisk.filter((f) => f.startsWith("pending/"))).toEqual([]);
  });
});

describe("after a crash", () => {
  it("moves committed pending files into place and removes abandoned ones once old", async () => {
    const pending = join(uploadDir(), "pending");
    await mkdir(pending, { recursive: true });
    const committed = await t.db
      .insertInto("document")
      .values({
        kind: "other",
        original_name: "a.pdf",
        stored_name: "00000000-0000-4000-8000-000000000001.pdf",
        content_type: "application/pdf",
        size_bytes: PDF_BYTES.byteLength,
        sha256: "0".repeat(64),
        uploaded_by: null,
        enterprise_id: null,
      })
      .returning("stored_name")
      .executeTakeFirstOrThrow();
    await writeFile(join(pending, committed.stored_name), PDF_BYTES);
    const abandoned = "00000000-0000-4000-8000-000000000002.pdf";
    const young = "00000000-0000-4000-8000-000000000003.pdf";
    await writeFile(join(pending, abandoned), PDF_BYTES);
    await writeFile(join(pending, young), PDF_BYTES);
    const old = new Date(Date.now() - PENDING_UPLOAD_GRACE_MS - 60_000);
    await utimes(join(pending, abandoned), old, old);

    expect(await settlePendingDocuments(t.db)).toEqual({ moved: 1, removed: 1 });
    const onDisk = await filesOnDisk();
    expect(onDisk).toContain(committed.stored_name);
    expect(onDisk).not.toContain(`pending/${abandoned}`);
    expect(onDisk).toContain(`pending/${young}`);
  });
});
