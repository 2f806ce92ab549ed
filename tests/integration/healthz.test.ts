import { describe, expect, it } from "vitest";

// A database that does not answer: connection refused on a closed local port.
process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/unreachable";

describe("GET /healthz", () => {
  it("answers 503 with ok: false when the database is unreachable (instead of hanging)", async () => {
    const { loader } = await import("#app/routes/healthz.ts");
    const response = await loader();
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({ ok: false, db: "postgres" });
    const { disconnect } = await import("#app/db.server.ts");
    await disconnect();
  });
});
