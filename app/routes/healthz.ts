import { getBackend, pingDatabase } from "#app/db.server.ts";
import pkg from "../../package.json" with { type: "json" };

export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await pingDatabase(1500);
    return Response.json({ ok: true, db: await getBackend(), version: pkg.version }, { headers });
  } catch {
    return Response.json(
      { ok: false, db: await getBackend().catch(() => null), version: pkg.version },
      { status: 503, headers: { ...headers, "Retry-After": "5" } },
    );
  }
}
