import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createSession } from "#app/accounts/session.server.ts";
import { loader } from "#app/routes/label-orders.$orderId.events[.]jsonld.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import { activeUser, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-epcis-"));

const schema = JSON.parse(
  readFileSync(new URL("../../vendor/gs1-epcis/EPCIS-JSON-Schema.json", import.meta.url), "utf8"),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let t: TestDatabase;
let w: LabelWorld;
let orderId: string;
const cookies = new Map<string, string>();
const cookieOf = async (name: string, user: SessionUser) =>
  cookies.set(name, `gi_session=${(await createSession(t.db, user.id, { ipNetwork: null, userAgent: null })).token}`);

beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "事件印务", { slug: "epcis-tea" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  const world = await labelsInEveryState(w, "EPCIS-1");
  orderId = world.orderId;
  const other = await activeUser(w);
  await cookieOf("enterprise", world.member);
  await cookieOf("otherEnterprise", other.member);
  await cookieOf("regulator", regulator);
  await cookieOf("otherCounty", await makeUser(t.db, "regulator", { divisionCode: "611026" }));
  await cookieOf("printer", printer);
  await cookieOf("admin", await makeUser(t.db, "admin"));
});
afterAll(async () => {
  await t?.drop();
});

async function download(who: string): Promise<Response> {
  try {
    return (await loader({
      request: new Request(`http://localhost/label-orders/${orderId}/events.jsonld`, {
        headers: { Cookie: cookies.get(who)! },
      }),
      params: { orderId },
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

it("the enterprise downloads its order's ledger as an EPCIS 2.0 document that validates", async () => {
  const res = await download("enterprise");
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/ld+json; charset=utf-8");
  expect(res.headers.get("Content-Disposition")).toMatch(
    /^attachment; filename="epcis-epcis-tea-[0-9a-f]{8}\.jsonld"$/,
  );
  const doc = await res.json();
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  const steps = doc.epcisBody.eventList.map((e: { type: string; bizStep: string }) => `${e.type}:${e.bizStep}`);
  // 20 labels issued, printed, shipped, received; 10 collected onto the batch; 2 voided as damaged.
  expect(steps).toEqual([
    "ObjectEvent:commissioning",
    "ObjectEvent:commissioning",
    "ObjectEvent:shipping",
    "ObjectEvent:receiving",
    "AggregationEvent:packing",
    "ObjectEvent:destroying",
  ]);
  expect(doc.epcisBody.eventList[4].childEPCs).toHaveLength(10);
});

it("the county's regulator and the administrator may download it too", async () => {
  expect((await download("regulator")).status).toBe(200);
  expect((await download("admin")).status).toBe(200);
});

it("another enterprise, another county's regulator and the printer are refused, and see nothing of it", async () => {
  for (const who of ["otherEnterprise", "otherCounty", "printer"]) {
    const res = await download(who);
    expect(res.status, who).toBe(404);
    expect(await res.text(), who).not.toContain("EPCISDocument");
  }
});
