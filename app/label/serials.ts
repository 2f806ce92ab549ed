/**
 * Serial input as people type it: "5, 8, 10-12", full serials "AHHJ-2026-00000005", full-width
 * digits. Returns sequence numbers, or null when something cannot be read.
 */
export function parseSerialList(input: string, max = 100_000): number[] | null {
  const text = input.normalize("NFKC").trim();
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.split(/[,，;；\s]+/).filter(Boolean)) {
    const range = part.match(/^(?:[A-Z0-9]+-\d{4}-)?(\d{1,12})(?:[~～-](?:[A-Z0-9]+-\d{4}-)?(\d{1,12}))?$/i);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to - from + out.length >= max) return null;
    for (let s = from; s <= to; s++) out.push(s);
  }
  return out;
}

/** One serial: a sequence number or a full printed serial. */
export function parseSerial(input: string): number | null {
  const list = parseSerialList(input, 2);
  return list && list.length === 1 ? list[0]! : null;
}
