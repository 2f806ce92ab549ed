import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { applicationSchema, MAX_APPLICATION_FILES } from "#app/authorization/application-form.ts";
import { uploadDir } from "#app/document/document.server.ts";
import { submitWithDrafts, sweepExpiredDrafts, DRAFT_TTL_MS } from "#app/document/upload-draft.server.ts";
import { parseForm } from "#app/forms/form.ts";
import type { UploadedFile } from "#app/forms/upload.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, PDF_BYTES } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-drafts-"));

let t: TestDatabase;
let member: SessionUser;
let other: SessionUser;
let fields: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  const mark = await makeMark(t.db, { slug: "drafts" });
  member = await makeUser(t.db, "enterprise", { enterpriseId: (await makeEnterprise(t.db, "430923")).id });
  other = await makeUser(t.db, "enterprise", { enterpriseId: (await makeEnterprise(t.db, "430923")).id });
  fields = {
    markId: mark.id,
    route: "gi_product",
    townshipCode: mark.townships[0]!,
    products: "茶",
    annualOutput: "10 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  };
});

const licence: UploadedFile = { field: "business_licence", name: "营业执照.pdf", bytes: PDF_BYTES };
const notAPdf: UploadedFile = {
  field: "inspection_report",
  name: "report.pdf",
  bytes: new TextEncoder().encode("hello"),
};

function form(values: Record<string, string>, drafts: string[] = [], extra: [string, string][] = []) {
  const formData = new FormData();
  for (const [k, v] of Object.entries(values)) formData.append(k, v);
  for (const id of drafts) formData.append("draft", id);
  for (const [k, v] of extra) formData.append(k, v);
  return formData;
}

const apply = (user: SessionUser, formData: FormData, files: UploadedFile[] = []) =>
  submitWithDrafts(
    t.db,
    user,
    "apply",
    { formData, files, oversized: [] },
    MAX_APPLICATION_FILES,
    (fd) => parseForm(fd, applicationSchema),
    (application, kept) =>
      applyForMark(t.db, user, { ...application, documents: kept.uploads, keptDrafts: kept.drafts }),
  );

const documents = () => t.db.selectFrom("document").select(["id", "original_name"]).execute();
const draftFiles = () => readdir(join(uploadDir(), "drafts")).catch(() => [] as string[]);

describe("files of a refused application", () => {
  let draftId: string;

  it("keeps the acceptable file as a draft, names only the refused one, and writes no document", async () => {
    const outcome = await apply(member, form({ ...fields, labelManagerPhone: "12" }), [licence, notAPdf]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(400);
    expect(outcome.failure.kept).toEqual([
      { id: expect.any(String), field: "business_licence", name: "营业执照.pdf", size: PDF_BYTES.byteLength },
    ]);
    expect(outcome.failure.fieldErrors).toMatchObject({
      labelManagerPhone: { key: "form.phone" },
      inspection_report: { key: "document.badTypeNamed", params: { name: "report.pdf" } },
    });
    expect(outcome.failure.fieldErrors.business_licence).toBeUndefined();
    expect(await documents()).toEqual([]);
    expect(await draftFiles()).toHaveLength(1);
    draftId = outcome.failure.kept![0]!.id;
  });

  it("refuses a forged draft id, another user's draft and another session's, with a clear message", async () => {
    for (const [user, id] of [
      [member, randomUUID()],
      [member, "../../etc/passwd"],
      [other, draftId],
      [{ ...member, sessionId: "another-session" }, draftId],
    ] as const) {
      // With a new file too: the refusal says nothing was changed, so nothing may be kept (an
      // attacker repeating it stored 8 MB a request until the disk filled).
      const outcome = await apply(user, form(fields, [id]), [licence]);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) continue;
      expect(outcome.failure.fieldErrors.documents).toEqual({ key: "draft.unknown" });
      expect(outcome.failure.values.products).toBe("茶");
      expect(outcome.failure.kept).toEqual([]);
    }
    expect(await t.db.selectFrom("authorization").select("id").execute()).toEqual([]);
    expect(await documents()).toEqual([]);
    // The owner's draft is untouched, and no new one was stored.
    expect(await t.db.selectFrom("upload_draft").select("id").execute()).toEqual([{ id: draftId }]);
    expect(await draftFiles()).toHaveLength(1);
  });

  it("removes a kept file on request and changes nothing else", async () => {
    const again = await apply(member, form({ ...fields, products: "" }, [draftId]), [licence]);
    if (again.ok) throw new Error("should be refused");
    const second = again.failure.kept!.find((k) => k.id !== draftId);
    expect(again.failure.kept).toHaveLength(2);
    const removed = await apply(member, form(fields, [draftId, second!.id], [["removeDraft", second!.id]]));
    if (removed.ok) throw new Error("removing submits nothing");
    expect(removed.status).toBe(200);
    expect(removed.failure.notice).toEqual({ key: "draft.removed", params: { name: "营业执照.pdf" } });
    expect(removed.failure.kept!.map((k) => k.id)).toEqual([draftId]);
    expect(await t.db.selectFrom("authorization").select("id").execute()).toEqual([]);
  });

  it("submits with the kept draft: the document is on the record once, audited, and the draft is gone", async () => {
    const outcome = await apply(member, form(fields, [draftId]));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const attached = await t.db
      .selectFrom("authorization_document")
      .innerJoin("document", "document.id", "authorization_document.document_id")
      .select(["document.original_name", "document.kind"])
      .where("authorization_id", "=", outcome.result.id)
      .execute();
    expect(attached).toEqual([{ original_name: "营业执照.pdf", kind: "business_licence" }]);
    expect(await t.db.selectFrom("upload_draft").select("id").where("id", "=", draftId).execute()).toEqual([]);
    expect(await draftFiles()).toEqual([]);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "after"])
      .where("action", "in", ["document.upload", "document.draft_keep", "document.draft_remove"])
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "document.draft_keep",
      "document.draft_keep",
      "document.draft_remove",
      "document.upload",
    ]);
    expect(audit.at(-1)!.after).toMatchObject({ draft: draftId });
    // Submitting the same draft again is refused: it is a document now.
    const twice = await apply(member, form(fields, [draftId]));
    expect(twice.ok).toBe(false);
  });

  it("a form that no longer lists a kept file lets it go; too many files keeps none of them", async () => {
    const first = await apply(member, form({ ...fields, products: "" }), [licence]);
    if (first.ok) throw new Error("should be refused");
    const [kept] = first.failure.kept!;
    // A fresh form (the page opened again) names no kept file: the old one goes, file and all.
    const fresh = await apply(member, form({ ...fields, products: "" }));
    if (fresh.ok) throw new Error("should be refused");
    expect(fresh.failure.kept).toEqual([]);
    expect(await t.db.selectFrom("upload_draft").select("id").where("id", "=", kept!.id).execute()).toEqual([]);
    // More files than the form takes: refused, and none of the new ones is stored.
    const before = (await draftFiles()).length;
    const many = Array.from({ length: MAX_APPLICATION_FILES + 1 }, (_, i) => ({
      ...licence,
      field: "site_photo",
      name: `p${i}.pdf`,
    }));
    const tooMany = await apply(member, form(fields), many);
    if (tooMany.ok) throw new Error("should be refused");
    expect(tooMany.failure.fieldErrors.documents).toEqual({
      key: "document.tooMany",
      params: { max: MAX_APPLICATION_FILES },
    });
    expect(tooMany.failure.kept).toEqual([]);
    expect(await t.db.selectFrom("upload_draft").select("id").execute()).toEqual([]);
    expect((await draftFiles()).length).toBe(before);
  });

  it("expired drafts are swept with their files", async () => {
    const outcome = await apply(member, form({ ...fields, products: "" }), [licence]);
    if (outcome.ok) throw new Error("should be refused");
    expect(await draftFiles()).toHaveLength(1);
    expect(await sweepExpiredDrafts(t.db, Date.now() + DRAFT_TTL_MS + 1000)).toEqual({ expired: 1, orphans: 0 });
    expect(await draftFiles()).toEqual([]);
    expect(await t.db.selectFrom("upload_draft").select("id").execute()).toEqual([]);
  });
});
