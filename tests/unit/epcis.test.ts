import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { EPCIS_EPC_LIST_MAX, epcisDocument, type EpcisEvent, type EpcisLedgerEntry } from "#app/label/epcis.ts";

// GS1's EPCIS 2.0 JSON schema (draft-07) and CBV contexts, vendored with their provenance.
const vendored = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../vendor/gs1-epcis/${file}`, import.meta.url), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(vendored("EPCIS-JSON-Schema.json"));
const bizSteps = Object.keys(vendored("cbv-context-bizstep.jsonld")["@context"]);
const dispositions = Object.keys(vendored("cbv-context-disposition.jsonld")["@context"]);

const ORIGIN = "https://gi.example.gov.cn";
const at = (minute: number) => new Date(Date.UTC(2026, 10, 3, 2, minute));
let nextId = 1;
const entry = (e: Partial<EpcisLedgerEntry> & Pick<EpcisLedgerEntry, "action">): EpcisLedgerEntry => ({
  id: nextId++,
  at: at(nextId),
  serial_from: null,
  serial_to: null,
  count: 0,
  reason: null,
  batch: null,
  ...e,
});

/** A demo-like order: 30 labels, 2 spoiled, 28 received, two batches (one with a GTIN), three voided. */
function demoOrder(issued = 30, from = 101) {
  const to = from + issued - 1;
  const gtinBatch = { id: "7a0c0f1e-0000-4000-8000-000000000001", batch_no: "2026-11 批", gtin: "09506000134352" };
  const plainBatch = { id: "7a0c0f1e-0000-4000-8000-000000000002", batch_no: "B-2", gtin: null };
  return epcisDocument({
    origin: ORIGIN,
    order: {
      id: "5e1d2c3b-0000-4000-8000-00000000abcd",
      serial_year: 2026,
      serial_from: from,
      serial_to: to,
      issued_count: issued,
      printer_id: "9b9b9b9b-0000-4000-8000-000000000009",
    },
    mark: { name: "安化黑茶", slug: "anhua-dark-tea", serial_prefix: "AHHC" },
    enterprise: { id: "e0e0e0e0-0000-4000-8000-00000000000e", name: "演示茶业有限公司", uscc: "91430923MA4L000000" },
    townshipCode: "430923100",
    ledger: [
      entry({ action: "order", count: issued }),
      entry({ action: "approve", count: issued }),
      entry({ action: "issue", serial_from: from, serial_to: to, count: issued }),
      entry({ action: "spoil", serial_from: from + 4, serial_to: from + 5, count: 2, reason: "misprinted" }),
      entry({ action: "print", serial_from: from, serial_to: to, count: issued - 2 }),
      entry({ action: "ship", count: issued - 2 }),
      entry({ action: "receive", count: issued - 2 }),
      entry({ action: "collect", serial_from: from, serial_to: from + 3, count: 4, batch: gtinBatch }),
      entry({ action: "collect", serial_from: from + 6, serial_to: from + 11, count: 6, batch: plainBatch }),
      entry({ action: "void", serial_from: from + 12, serial_to: from + 13, count: 2, reason: "damaged" }),
      entry({ action: "void", serial_from: from + 14, serial_to: from + 14, count: 1, reason: "lost" }),
    ],
    now: at(59),
  });
}

const serial = (n: number) => `${ORIGIN}/id/label/AHHC-2026-${String(n).padStart(8, "0")}`;
const serials = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => serial(from + i));
const events = (doc: ReturnType<typeof demoOrder>) => doc.epcisBody.eventList as EpcisEvent[];

describe("EPCIS 2.0 export of an order's label ledger", () => {
  test("the document validates against GS1's EPCIS 2.0 JSON schema", () => {
    const doc = demoOrder();
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    expect(doc["@context"][0]).toBe("https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
  });

  test("the schema check is real: a document missing what EPCIS requires is refused", () => {
    const doc = demoOrder();
    const [first, ...rest] = events(doc);
    const withoutOffset = { ...first };
    delete withoutOffset.eventTimeZoneOffset;
    expect(validate({ ...doc, epcisBody: { eventList: [withoutOffset, ...rest] } })).toBe(false);
    expect(validate({ ...doc, epcisBody: { eventList: [{ ...first, bizStep: "not a step" }] } })).toBe(false);
    expect(validate({ ...doc, epcisBody: { eventList: [{ ...first, surprise: 1 }] } })).toBe(false);
  });

  test("each ledger step is its CBV event: issue and printing commission, receipt receives, collection packs onto the batch, voids decommission or destroy", () => {
    const list = events(demoOrder());
    const summary = list.map((e) => [e.type, e.action, e.bizStep, e.disposition]);
    expect(summary).toEqual([
      ["ObjectEvent", "ADD", "commissioning", "active"],
      ["ObjectEvent", "DELETE", "destroying", "destroyed"],
      ["ObjectEvent", "OBSERVE", "commissioning", "active"],
      ["ObjectEvent", "OBSERVE", "shipping", "in_transit"],
      ["ObjectEvent", "OBSERVE", "receiving", "available"],
      ["AggregationEvent", "ADD", "packing", "active"],
      ["AggregationEvent", "ADD", "packing", "active"],
      ["ObjectEvent", "DELETE", "destroying", "destroyed"],
      ["ObjectEvent", "DELETE", "decommissioning", "inactive"],
    ]);
    // Every step and disposition is a term of the CBV 2.0 contexts.
    for (const e of list) {
      expect(bizSteps).toContain(e.bizStep);
      expect(dispositions).toContain(e.disposition);
    }
  });

  test("EPCs follow each label through its life: spoiled serials are never printed, receipt takes the lowest printed", () => {
    const [issue, spoil, print, , receive, gtin, plain, damaged, lost] = events(demoOrder());
    expect(issue!.epcList).toEqual(serials(101, 130));
    expect(spoil!.epcList).toEqual(serials(105, 106));
    expect(print!.epcList).toEqual([...serials(101, 104), ...serials(107, 130)]);
    expect(receive!.epcList).toEqual([...serials(101, 104), ...serials(107, 130)]);
    expect(gtin!.parentID).toBe("https://id.gs1.org/01/09506000134352/10/2026-11%20%E6%89%B9");
    expect(gtin!.childEPCs).toEqual(serials(101, 104));
    expect(plain!.parentID).toBe(`${ORIGIN}/id/batch/7a0c0f1e-0000-4000-8000-000000000002`);
    expect(damaged!["gi:reason"]).toBe("damaged");
    expect(lost!.epcList).toEqual([serial(115)]);
  });

  test("times carry China Standard Time's offset; the enterprise's steps are placed at its township", () => {
    const list = events(demoOrder());
    for (const e of list) {
      expect(e.eventTime).toMatch(/^2026-11-03T10:\d\d:00\.000\+08:00$/);
      expect(e.eventTimeZoneOffset).toBe("+08:00");
    }
    const receive = list[4]!;
    expect(receive.bizLocation).toEqual({ id: `${ORIGIN}/id/division/430923100` });
    expect(list[0]!.bizLocation).toBeUndefined();
  });

  test("parties are identifiers of one kind, and printing is told from issuing by the printer", () => {
    const [issue, , print, ship] = events(demoOrder());
    // Shipping goes from the printer to the enterprise, both named by an /id/ identifier, not a web page.
    expect(ship!.sourceList).toEqual([
      { type: "possessing_party", source: `${ORIGIN}/id/printer/9b9b9b9b-0000-4000-8000-000000000009` },
    ]);
    expect(ship!.destinationList).toEqual([
      { type: "possessing_party", destination: `${ORIGIN}/id/enterprise/e0e0e0e0-0000-4000-8000-00000000000e` },
    ]);
    expect(JSON.stringify(demoOrder())).not.toContain("/registry/");
    // Both commission; only printing happens at the printer.
    expect([issue!.bizStep, print!.bizStep]).toEqual(["commissioning", "commissioning"]);
    expect(print!.readPoint).toEqual({ id: `${ORIGIN}/id/printer/9b9b9b9b-0000-4000-8000-000000000009` });
    expect(issue!.readPoint).toBeUndefined();
  });

  test("no label's secret code or verification URL is in the export", () => {
    const text = JSON.stringify(demoOrder());
    expect(text).not.toMatch(/\/v\//i);
  });

  test("an order larger than the EPC list bound gives counts of the order's labels with serial ranges, and still validates", () => {
    const issued = EPCIS_EPC_LIST_MAX + 1;
    const doc = demoOrder(issued, 1);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    const [issue, , print, , , gtin] = events(doc);
    expect(issue!.epcList).toBeUndefined();
    expect(issue!.quantityList).toEqual([
      { epcClass: `${ORIGIN}/id/label-order/5e1d2c3b-0000-4000-8000-00000000abcd`, quantity: issued },
    ]);
    expect(print!.quantityList).toEqual([expect.objectContaining({ quantity: issued - 2 })]);
    expect(print!["gi:serialRanges"]).toEqual([
      { "gi:first": "AHHC-2026-00000001", "gi:last": "AHHC-2026-00000004" },
      { "gi:first": "AHHC-2026-00000007", "gi:last": `AHHC-2026-${String(issued).padStart(8, "0")}` },
    ]);
    expect(gtin!.childQuantityList).toEqual([expect.objectContaining({ quantity: 4 })]);
  });

  test("an order with nothing issued yet (submitted, approved or refused) has no events", () => {
    const doc = epcisDocument({
      origin: ORIGIN,
      order: { id: "x", serial_year: null, serial_from: null, serial_to: null, issued_count: 0, printer_id: null },
      mark: { name: "安化黑茶", slug: "anhua-dark-tea", serial_prefix: null },
      enterprise: { id: "e", name: "演示", uscc: "91430923MA4L000000" },
      townshipCode: "430923100",
      ledger: [entry({ action: "order", count: 5 }), entry({ action: "reject", count: 0 })],
      now: at(1),
    });
    expect(doc.epcisBody.eventList).toEqual([]);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  });
});
