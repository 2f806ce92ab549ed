import { getDb } from "#app/db.server.ts";
import { servedCheckpoint } from "#app/log/publisher.server.ts";

// C2SP tlog-tiles <prefix>/checkpoint: the latest signed checkpoint with its cosignatures.
export async function loader() {
  const note = await servedCheckpoint(await getDb());
  if (!note)
    return new Response("no checkpoint yet\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(note, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "public, max-age=5",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
