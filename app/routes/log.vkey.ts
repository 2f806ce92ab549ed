import { logKeys } from "#app/log/keys.server.ts";

// The log's verifier key (<name>+<key ID>+<key>), to check its checkpoints with.
export function loader() {
  return new Response(`${logKeys().verifier}\n`, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
