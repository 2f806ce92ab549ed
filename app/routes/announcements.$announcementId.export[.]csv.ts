import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/accounts/auth.server.ts";
import { findAnnouncement } from "#app/authorization/announcement.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { idParam } from "#app/http/params.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = await findAnnouncement(await getDb(), idParam(params, "announcementId"));
  if (!found) throw notFound();
  const t = requestT(request);
  const { announcement, items } = found;
  return tableResponse(
    request,
    `announcement-${announcement.published_on}`,
    [
      t("announcement.number"),
      t("announcement.publishedOn"),
      t("enterprise.name"),
      t("enterprise.uscc"),
      t("apply.mark"),
      t("apply.route"),
      t("column.announced"),
      t("authz.since"),
      t("authz.exitReason"),
    ],
    items.map((i) => [
      announcement.number,
      announcement.published_on,
      i.enterprise_name,
      i.uscc,
      i.mark_name,
      t(`route.${i.route}`),
      i.action === "activate" ? t("announcement.entries") : t("announcement.exits"),
      i.effective_on,
      i.exit_reason ? t(`exit.${i.exit_reason}`) : "",
    ]),
  );
}
