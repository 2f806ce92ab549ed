import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMailPreferences } from "#app/notification/inbox.server.ts";
import { listOutbox, mailAsSent } from "#app/notification/outbox.server.ts";
import { makeUser } from "#tests/support/factories.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

// What a newcomer to the notifications met (issue: a walkthrough of 046/052), checked as they see it.

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-notify-walk-"));

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("the administrator reads a queued message as its recipient will", () => {
  it("an address confirmation waiting for a mail server: subject, language, text and the link to press", async () => {
    const person = await makeUser(t.db, "admin");
    await setMailPreferences(t.db, person, { email: "walk@example.test", lang: "en", optOut: [] });
    const { rows } = await listOutbox(t.db);
    const queued = rows.find((r) => r.to_address === "walk@example.test")!;
    expect(queued.state).toBe("pending");
    const mail = await mailAsSent(t.db, queued.id);
    expect(mail).toMatchObject({ to: "walk@example.test", lang: "en", subject: "Confirm your e-mail address" });
    expect(mail!.link).toMatch(/\/notifications\/settings\?confirm=[\w-]+$/);
    expect(mail!.text).toContain(mail!.link);
    expect(mail!.text).toContain("Open the link below to confirm");
  });

  it("no such message: nothing to show", async () => {
    expect(await mailAsSent(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
