import type { LedgerAction } from "#db/schema.ts";
import { formatSerial, type SerialMark } from "#app/label-code/code.ts";
import { isVoidReason } from "./void-reasons.ts";

/**
 * An order's label ledger as an EPCIS 2.0 JSON-LD document (GS1 EPCIS/CBV 2.0, decision 053):
 * each ledger entry that moves labels becomes one event, in ledger order. Pure: the caller reads
 * the ledger (epcis.server.ts); the unit test validates the output against GS1's schema in
 * vendor/gs1-epcis/.
 */

/** The published EPCIS 2.0 JSON-LD context a receiver expects (EPCIS 2.0 §8.3). */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
/** Orders up to this many labels list every label's EPC; larger ones give counts and serial ranges. */
export const EPCIS_EPC_LIST_MAX = 10_000;
/** China Standard Time, the one time zone the registry shows (house rule). */
const OFFSET = "+08:00";

type Run = readonly [number, number];
/** One EPCIS event as JSON (its shape is the vendored schema's to check). */
export type EpcisEvent = { type: string } & Record<string, unknown>;

export type EpcisLedgerEntry = {
  id: number;
  at: Date;
  action: LedgerAction;
  serial_from: number | null;
  serial_to: number | null;
  count: number;
  reason: string | null;
  batch: { id: string; batch_no: string; gtin: string | null } | null;
};

export type EpcisOrder = {
  origin: string;
  order: {
    id: string;
    serial_year: number | null;
    serial_from: number | null;
    serial_to: number | null;
    issued_count: number;
    printer_id: string | null;
  };
  mark: SerialMark & { name: string };
  enterprise: { id: string; name: string; uscc: string };
  /** The township (GB/T 2260) of the authorization the labels are used under: where they are received and used. */
  townshipCode: string;
  ledger: EpcisLedgerEntry[];
  now: Date;
};

/** Which CBV 2.0 business step, disposition and EPCIS action each label-moving ledger entry is. */
const STEPS = {
  issue: { action: "ADD", bizStep: "commissioning", disposition: "active" },
  print: { action: "OBSERVE", bizStep: "commissioning", disposition: "active" },
  spoil: { action: "DELETE", bizStep: "destroying", disposition: "destroyed" },
  ship: { action: "OBSERVE", bizStep: "shipping", disposition: "in_transit" },
  receive: { action: "OBSERVE", bizStep: "receiving", disposition: "available" },
  collect: { action: "ADD", bizStep: "packing", disposition: "active" },
  void: { action: "DELETE", bizStep: "decommissioning", disposition: "inactive" },
} as const satisfies Partial<Record<LedgerAction, { action: string; bizStep: string; disposition: string }>>;
type EventAction = keyof typeof STEPS;

/** The ledger entries that are decisions about an order, not movements of labels: no event. */
export const EPCIS_SILENT_ACTIONS = ["order", "approve", "reject"] as const satisfies readonly Exclude<
  LedgerAction,
  EventAction
>[];

/** A voided label is destroyed when it was damaged or misprinted; a lost one is only taken out of use. */
function voidStep(reason: string | null) {
  return isVoidReason(reason) && reason !== "lost"
    ? ({ action: "DELETE", bizStep: "destroying", disposition: "destroyed" } as const)
    : STEPS.void;
}

/** Runs of `base` without the serials in `minus` (both sorted, disjoint within themselves). */
function subtractRuns(base: Run[], minus: Run[]): Run[] {
  const out: Run[] = [];
  for (const [from, to] of base) {
    let start = from;
    for (const [mFrom, mTo] of minus) {
      if (mTo < start || mFrom > to) continue;
      if (mFrom > start) out.push([start, mFrom - 1]);
      start = Math.max(start, mTo + 1);
    }
    if (start <= to) out.push([start, to]);
  }
  return out;
}

/** The first `count` serials of `runs`: receipt takes the lowest printed serials (confirmReceipt). */
function firstOf(runs: Run[], count: number): Run[] {
  const out: Run[] = [];
  let left = count;
  for (const [from, to] of runs) {
    if (left <= 0) break;
    const take = Math.min(left, to - from + 1);
    out.push([from, from + take - 1]);
    left -= take;
  }
  return out;
}

const runSize = (runs: Run[]) => runs.reduce((n, [f, t]) => n + t - f + 1, 0);

/** The Beijing-time form of an instant, with its offset (EPCIS wants the local time and its offset). */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace("Z", OFFSET);
}

export function epcisDocument(input: EpcisOrder) {
  const { origin, order, mark } = input;
  const year = order.serial_year ?? 0;
  const serial = (n: number) => formatSerial(mark, year, n);
  const epc = (n: number) => `${origin}/id/label/${serial(n)}`;
  const epcClass = `${origin}/id/label-order/${order.id}`;
  const expand = order.issued_count <= EPCIS_EPC_LIST_MAX;
  const location = { id: `${origin}/id/division/${input.townshipCode}` };
  // Parties are named like the labels, by `/id/<kind>/<id>` identifiers (names, not pages: decision 058).
  const enterprise = `${origin}/id/enterprise/${input.enterprise.id}`;
  // Who printed: the designated printer, or the enterprise itself when it prints its own labels.
  const printedBy = { id: order.printer_id ? `${origin}/id/printer/${order.printer_id}` : enterprise };
  const transaction = [{ bizTransaction: `${origin}/label-orders/${order.id}` }];

  const issued: Run[] =
    order.serial_from !== null && order.serial_to !== null ? [[order.serial_from, order.serial_to]] : [];
  const spoiled: Run[] = input.ledger
    .filter((l) => l.action === "spoil" && l.serial_from !== null && l.serial_to !== null)
    .map((l) => [l.serial_from!, l.serial_to!] as Run)
    .sort((a, b) => a[0] - b[0]);
  const printed = subtractRuns(issued, spoiled);

  /** Which labels an entry moved: its own range, or (ship, receive: counts only) the printed ones. */
  function runsOf(l: EpcisLedgerEntry): Run[] {
    if (l.action === "ship") return printed;
    if (l.action === "receive") return firstOf(printed, l.count);
    if (l.action === "print") return printed;
    return l.serial_from !== null && l.serial_to !== null ? [[l.serial_from, l.serial_to]] : [];
  }

  /** The labels as EPCs, or (a large order) as a count of the order's class with the serial ranges. */
  function labels(runs: Run[], list: "epcList" | "childEPCs") {
    const ranges = { "gi:serialRanges": runs.map(([f, t]) => ({ "gi:first": serial(f), "gi:last": serial(t) })) };
    if (expand) {
      const epcs: string[] = [];
      for (const [from, to] of runs) for (let n = from; n <= to; n++) epcs.push(epc(n));
      return { [list]: epcs, ...ranges };
    }
    const quantity = [{ epcClass, quantity: runSize(runs) }];
    return { [list === "epcList" ? "quantityList" : "childQuantityList"]: quantity, ...ranges };
  }

  const events = input.ledger.flatMap((l): EpcisEvent[] => {
    if (!(l.action in STEPS)) return [];
    const action = l.action as EventAction;
    const step = action === "void" ? voidStep(l.reason) : STEPS[action];
    const runs = runsOf(l);
    if (runSize(runs) === 0) return [];
    const common = {
      eventTime: beijingTime(l.at),
      eventTimeZoneOffset: OFFSET,
      eventID: `${origin}/label-orders/${order.id}/events.jsonld#ledger-${l.id}`,
      action: step.action,
      bizStep: step.bizStep,
      disposition: step.disposition,
    };
    // Where the enterprise holds and uses its labels: the township of its authorization.
    const atEnterprise = ["receive", "collect", "void"].includes(action)
      ? { readPoint: location, bizLocation: location }
      : {};
    // Printing commissions like issuing; the printer as its read point tells the two apart (CBV 2.0 §7.3.2).
    const atPrinter = action === "print" ? { readPoint: printedBy } : {};
    const reason = (action === "void" || action === "spoil") && l.reason ? { "gi:reason": l.reason } : {};
    if (action === "collect") {
      const batch = l.batch!;
      const parentID = batch.gtin
        ? `https://id.gs1.org/01/${batch.gtin}/10/${encodeURIComponent(batch.batch_no)}`
        : `${origin}/id/batch/${batch.id}`;
      return [
        {
          type: "AggregationEvent",
          ...common,
          parentID,
          ...labels(runs, "childEPCs"),
          ...atEnterprise,
          bizTransactionList: transaction,
          "gi:batchNumber": batch.batch_no,
        },
      ];
    }
    const moved =
      action === "ship" || action === "receive"
        ? {
            ...(order.printer_id
              ? { sourceList: [{ type: "possessing_party", source: `${origin}/id/printer/${order.printer_id}` }] }
              : {}),
            destinationList: [{ type: "possessing_party", destination: enterprise }],
          }
        : {};
    const ilmd =
      action === "issue"
        ? {
            ilmd: {
              "gi:mark": mark.name,
              "gi:markRegister": `${origin}/marks/${mark.slug}`,
              "gi:enterprise": input.enterprise.name,
              "gi:uscc": input.enterprise.uscc,
            },
          }
        : {};
    return [
      {
        type: "ObjectEvent",
        ...common,
        ...labels(runs, "epcList"),
        ...atEnterprise,
        ...atPrinter,
        bizTransactionList: transaction,
        ...moved,
        ...reason,
        ...ilmd,
      },
    ];
  });

  return {
    "@context": [EPCIS_CONTEXT, { gi: `${origin}/ns/epcis#` }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: beijingTime(input.now),
    epcisBody: { eventList: events },
  };
}
