import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { labelProof, tlogProofText } from "#app/log/proof.server.ts";

/** The label's proof as a C2SP tlog-proof file (the leaf and the code's path ride in `extra`). */
export async function loader({ params }: LoaderFunctionArgs) {
  const answer = await labelProof(await getDb(), (params.code ?? "").slice(0, 64));
  if ("problem" in answer) throw notFound();
  return new Response(tlogProofText(answer.proof), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${answer.code}.tlog-proof"`,
      "Cache-Control": "no-store",
    },
  });
}
