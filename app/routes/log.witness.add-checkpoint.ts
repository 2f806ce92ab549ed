import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { readBody } from "#app/forms/body.server.ts";
import { addCheckpoint } from "#app/log/witness.server.ts";

/** C2SP tlog-witness: POST /log/witness/add-checkpoint (old size, consistency proof, checkpoint). */
export async function action({ request }: ActionFunctionArgs) {
  const body = Buffer.from(await readBody(request, 64 * 1024)).toString("utf8");
  const answer = await addCheckpoint(await getDb(), body);
  return new Response(answer.body, {
    status: answer.status,
    headers: { "Content-Type": answer.contentType, "Cache-Control": "no-store" },
  });
}

export function loader() {
  return new Response("POST a checkpoint here (C2SP tlog-witness)\n", {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}
