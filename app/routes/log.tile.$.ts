import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { readTile } from "#app/log/public.server.ts";

// C2SP tlog-tiles: /log/tile/<L>/<N>[.p/<W>] and /log/tile/entries/<N>[.p/<W>].
export async function loader({ params }: LoaderFunctionArgs) {
  const tile = await readTile(await getDb(), params["*"] ?? "");
  if (!tile)
    return new Response("no such tile\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(tile.body), {
    headers: {
      "Content-Type": "application/octet-stream",
      "Cache-Control": tile.immutable ? "public, max-age=31536000, immutable" : "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
