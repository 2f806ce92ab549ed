import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/db.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { listMarks } from "#app/mark/mark.server.ts";

export async function loader(_: LoaderFunctionArgs) {
  const marks = await listMarks(await getDb());
  return apiJson({
    items: marks.map((m) => ({
      slug: m.slug,
      name: m.name,
      kind: m.kind,
      division: m.division_name,
      targetUsers: m.target_users,
      targetYear: m.target_year,
    })),
  });
}
