import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findMarkBySlug, registerOfMark } from "#app/authorization/register.server.ts";
import { getDb } from "#app/db.server.ts";
import { apiJson, apiValidationError } from "#app/http/api.server.ts";

const query = z.object({
  page: z.coerce
    .number({ invalid_type_error: "form.invalid" })
    .int("form.invalid")
    .min(1, "form.invalid")
    .max(100_000, "form.invalid")
    .default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: "form.invalid" })
    .int("form.invalid")
    .min(1, "form.invalid")
    .max(200, "form.invalid")
    .default(50),
  q: z.string().max(100, "form.tooLong|max=100").optional(),
});

/** GET /api/v1/marks/{slug}/users — authorized users of a mark, current first, paginated. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return apiValidationError(parsed.error, request);
  const db = await getDb();
  const mark = await findMarkBySlug(db, params.slug ?? "");
  if (!mark) return apiJson({ error: { code: "not_found" } }, { status: 404, cache: false });
  const { page, pageSize, q } = parsed.data;
  const { rows, total } = await registerOfMark(db, mark.id, { q, limit: pageSize, offset: (page - 1) * pageSize });
  return apiJson({
    mark: { slug: mark.slug, name: mark.name, kind: mark.kind },
    page,
    pageSize,
    total,
    items: rows.map((r) => ({
      enterprise: r.enterprise_name,
      uscc: r.uscc,
      status: r.status,
      route: r.route,
      since: r.active_from,
      until: r.exited_on,
      exitReason: r.exit_reason,
      announcement: r.entry_announcement,
      exitAnnouncement: r.exit_announcement,
    })),
  });
}
