import { describe, expect, it } from "vitest";
import { DomainError } from "#app/errors.ts";
import { MAX_DOCUMENT_BYTES, MAX_FORM_FIELDS, readMultipart } from "#app/forms/upload.server.ts";

// Issue 13: one anonymous 10 MB report form of 150,000 tiny parts froze the server for 31 s
// (Remix's multipart parser ran it in one go). The reader refuses it early and yields as it parses.
const BOUNDARY = "----gi-test-boundary";

function multipart(parts: { name: string; value: string | Uint8Array; filename?: string }[]): Request {
  const pieces: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    const type = p.filename !== undefined ? "Content-Type: application/pdf\r\n" : "";
    pieces.push(enc.encode(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    pieces.push(typeof p.value === "string" ? enc.encode(p.value) : p.value);
    pieces.push(enc.encode("\r\n"));
  }
  pieces.push(enc.encode(`--${BOUNDARY}--\r\n`));
  // One buffer (a Blob of 450,000 pieces streams slowly and would time the test, not the reader).
  const body = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    body.set(p, at);
    at += p.byteLength;
  }
  return new Request("http://x.invalid/reports/new", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "read",
    (e: unknown) => (e instanceof DomainError ? `${e.key} ${e.status}` : String(e)),
  );

describe("readMultipart", () => {
  it("reads text fields and files, in any script, and skips empty file inputs", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4 test");
    const { formData, files } = await readMultipart(
      multipart([
        { name: "place", value: "安化县东坪镇 某店" },
        { name: "photos", value: pdf, filename: "照片.pdf" },
        { name: "photos", value: new Uint8Array(), filename: "" },
      ]),
      3,
      "photos",
    );
    expect(formData.get("place")).toBe("安化县东坪镇 某店");
    expect(files.map((f) => [f.field, f.name, f.bytes.byteLength])).toEqual([["photos", "照片.pdf", pdf.byteLength]]);
  });

  it("refuses a form of 150,000 tiny parts with a message, not a frozen server", async () => {
    const one = new TextEncoder().encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="place"\r\n\r\nx\r\n`);
    const body = new Uint8Array(one.byteLength * 150_000);
    for (let i = 0; i < 150_000; i++) body.set(one, i * one.byteLength);
    const flood = new Request("http://x.invalid/reports/new", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
      body,
    });
    expect(await refusal(readMultipart(flood, 3, "photos"))).toBe("form.tooManyFields 413");
    const justUnder = Array.from({ length: MAX_FORM_FIELDS }, (_, i) => ({ name: `f${i}`, value: "x" }));
    expect(await refusal(readMultipart(multipart(justUnder), 3, "photos"))).toBe("read");
  });

  it("refuses a file over the limit and one file too many, naming the file input", async () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    expect(
      await refusal(readMultipart(multipart([{ name: "photos", value: big, filename: "a.pdf" }]), 3, "photos")),
    ).toBe("document.tooLargeNamed 413");
    // The refusal names the file and keeps every text field, those after the file too (no JavaScript needed).
    const refused = await readMultipart(
      multipart([
        { name: "description", value: "包装上的码扫不出来" },
        { name: "photos", value: big, filename: "店内.jpg" },
        { name: "place", value: "安化县东坪镇" },
      ]),
      3,
      "photos",
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const error = refused as DomainError;
    expect(error.options.params).toMatchObject({ name: "店内.jpg", limit: 10 });
    expect(error.options.field).toBe("photos");
    expect(error.options.formData?.get("description")).toBe("包装上的码扫不出来");
    expect(error.options.formData?.get("place")).toBe("安化县东坪镇");
    const four = Array.from({ length: 4 }, (_, i) => ({ name: "photos", value: "%PDF", filename: `${i}.pdf` }));
    expect(await refusal(readMultipart(multipart(four), 3, "photos"))).toBe("document.tooMany 400");
  });

  it("lets the event loop turn while it parses a large upload", async () => {
    const file = new Uint8Array(8 * 1024 * 1024).fill(120);
    let turns = 0;
    let parsing = true;
    const tick = () => {
      turns += 1;
      if (parsing) setImmediate(tick);
    };
    const request = multipart([{ name: "photos", value: file, filename: "big.pdf" }]);
    setImmediate(tick);
    const read = readMultipart(request, 3, "photos");
    const { files } = await read;
    parsing = false;
    expect(files[0]?.bytes.byteLength).toBe(file.byteLength);
    // 8 MB in 256 KB slices: the loop turns between slices, at least once for each.
    expect(turns).toBeGreaterThanOrEqual(32);
  });
});
