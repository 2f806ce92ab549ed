import type { Kysely } from "kysely";
import { requireRolePermission } from "#app/accounts/role-permissions.ts";
import { AUTHORIZED_STATUSES, type DB, type ListingFinding, type AuthorizationStatus } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { clientActor, type ApiClient } from "#app/api-client/clients.server.ts";
import { authorizedOn, NO_AUTHORIZATION } from "#app/authorization/register.server.ts";
import { transactionWithDocuments } from "#app/document/document.server.ts";
import { DomainError } from "#app/errors.ts";
import { isUuid } from "#app/ids.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { listingReported } from "#app/notification/events.server.ts";
import { storedSubmissionKey } from "#app/forms/submission-key.server.ts";
import { MAX_REPORT_PHOTOS, newTicket, storeReportPhotos } from "./report.server.ts";
import type { ListingReportInput } from "./listing-form.ts";

/** Who files a listing report: a platform through the API, or a signed-in regulator. */
export type ListingFiler = { client: ApiClient } | { user: SessionUser };

/** Statuses that mean the seller was on the register for the mark and has left it. */
const EXITED: readonly AuthorizationStatus[] = ["cancelled", "withdrawn", "expired"];

/** What the register says of a seller for a mark today: the flag a case carries from its filing. */
export function findingOf(status: string, authorized: boolean): ListingFinding {
  if (authorized) return "authorized";
  return (EXITED as readonly string[]).includes(status) ? "exited" : "unauthorized";
}

/**
 * Files a suspicious online listing as a case in the competent county's queue, beside consumer
 * reports (decision 051). The seller is matched against the register at filing: the finding and
 * the register status it rests on are kept on the case, so a flag shows at once and later register
 * changes do not rewrite what was known when it was filed. Screenshots, case and audit commit together.
 */
export async function fileListingReport(
  db: Kysely<DB>,
  filer: ListingFiler,
  input: ListingReportInput,
  screenshots: { name: string; bytes: Uint8Array }[],
): Promise<{
  id: string;
  ticket: string;
  divisionCode: string;
  finding: ListingFinding;
  registerStatus: string | null;
}> {
  // Permission before anything is read or stored: a platform by its scope (checked at the gate), a person by role.
  if ("user" in filer) requireRolePermission(filer.user, "listing.file");
  if (screenshots.length > MAX_REPORT_PHOTOS)
    throw new DomainError("report.tooManyPhotos", { field: "screenshots", params: { max: MAX_REPORT_PHOTOS } });
  // The key belongs to its filer: another filer's same key files its own report (decision 059).
  const submissionKey = storedSubmissionKey(
    "client" in filer ? { clientId: filer.client.id } : { userId: filer.user.id },
    input.submissionKey,
  );
  const already = async () =>
    submissionKey
      ? db
          .selectFrom("report")
          .innerJoin("listing_report", "listing_report.report_id", "report.id")
          .select([
            "report.id",
            "report.ticket",
            "report.division_code",
            "listing_report.register_finding",
            "listing_report.register_status",
          ])
          .where("report.submission_key", "=", submissionKey)
          .where("report.kind", "=", "listing")
          .executeTakeFirst()
      : undefined;
  const first = await already();
  if (first) return answer(first);

  const client = "client" in filer ? filer.client : null;
  const mark = await db
    .selectFrom("mark")
    .select(["id", "slug", "name", "division_code"])
    .$if(isUuid(input.mark), (q) => q.where("id", "=", input.mark))
    .$if(!isUuid(input.mark), (q) => q.where("slug", "=", input.mark.trim().toLowerCase()))
    .executeTakeFirst();
  // A mark outside a platform's marks is answered like one that does not exist (decision 047).
  if (!mark || (client?.markIds && !client.markIds.includes(mark.id)))
    throw new DomainError("listing.unknownMark", { field: "mark", params: { slug: input.mark.slice(0, 64) } });

  let platformClient: { id: string; name: string } | null = client ? { id: client.id, name: client.name } : null;
  if (!client && input.platformClientId) {
    platformClient =
      (await db
        .selectFrom("api_client")
        .select(["id", "name"])
        .where("id", "=", input.platformClientId)
        .where("revoked_at", "is", null)
        .executeTakeFirst()) ?? null;
    if (!platformClient) throw new DomainError("listing.unknownPlatform", { field: "platformClientId" });
  }
  const platform = input.platform ?? platformClient?.name;
  if (!platform) throw new DomainError("form.required", { field: "platform" });

  let finding: ListingFinding = "not_checked";
  let registerStatus: string | null = null;
  let registerUntil: string | null = null;
  let enterpriseId: string | null = null;
  let divisionCode = mark.division_code;
  if (input.sellerUscc) {
    const register = await authorizedOn(db, { uscc: input.sellerUscc, markSlug: mark.slug, date: shanghaiDate() });
    finding = findingOf(register.status, register.authorized);
    registerStatus = register.status === NO_AUTHORIZATION ? null : register.status;
    registerUntil = register.until;
    // Competence follows the production site (decision 015): the seller's authorization for the
    // mark when it has one, else the mark's own division, as for a consumer's unknown code.
    const seller = await db
      .selectFrom("enterprise")
      .leftJoin("authorization", (join) =>
        join.onRef("authorization.enterprise_id", "=", "enterprise.id").on("authorization.mark_id", "=", mark.id),
      )
      .select(["enterprise.id", "authorization.township_code", "authorization.status"])
      .where("enterprise.uscc", "=", input.sellerUscc)
      .orderBy((eb) => eb.case().when("authorization.status", "in", AUTHORIZED_STATUSES).then(0).else(1).end())
      .orderBy("authorization.updated_at", "desc")
      .executeTakeFirst();
    if (seller) {
      enterpriseId = seller.id;
      if (seller.township_code) divisionCode = seller.township_code;
    }
  }

  const actor: Actor = client ? clientActor(client) : actorOf((filer as { user: SessionUser }).user);
  for (let attempt = 0; ; attempt++) {
    try {
      return await transactionWithDocuments(db, async (trx, documents) => {
        const report = await trx
          .insertInto("report")
          .values({
            ticket: newTicket(),
            submission_key: submissionKey,
            kind: "listing",
            code: null,
            code_input: "",
            mark_id: mark.id,
            enterprise_id: enterpriseId,
            division_code: divisionCode,
            problem: "unauthorized_listing",
            description: input.description,
            place_kind: "online",
            place: input.listingUrl.slice(0, 500),
            contact: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("listing_report")
          .values({
            report_id: report.id,
            platform,
            shop_name: input.shopName,
            seller_uscc: input.sellerUscc ?? null,
            listing_url: input.listingUrl,
            client_id: platformClient?.id ?? null,
            filed_by_client: Boolean(client),
            filed_by_user_id: client ? null : actor.userId,
            register_finding: finding,
            register_status: registerStatus,
            register_until: registerUntil,
          })
          .execute();
        await storeReportPhotos(trx, documents, report.id, screenshots, { actor, field: "screenshots" });
        await trx
          .insertInto("report_event")
          .values({
            report_id: report.id,
            actor_user_id: actor.userId,
            action: "receive",
            from_status: null,
            to_status: "received",
          })
          .execute();
        await recordAudit(trx, actor, {
          action: "report.file_listing",
          entityType: "report",
          entityId: report.id,
          after: {
            ticket: report.ticket,
            platform,
            shop: input.shopName,
            seller: input.sellerUscc ?? null,
            url: input.listingUrl,
            mark: mark.slug,
            division: divisionCode,
            finding,
            registerStatus,
            screenshots: screenshots.length,
          },
        });
        await listingReported(trx, report, { platform, shop: input.shopName });
        return answer({
          id: report.id,
          ticket: report.ticket,
          division_code: divisionCode,
          register_finding: finding,
          register_status: registerStatus,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const same = await already();
        if (same) return answer(same);
        if (attempt < 3) continue;
        // Not ours and still taken: refused in words, never a 500.
        throw new DomainError("report.submissionKeyTaken", { field: "submissionKey", status: 409 });
      }
      throw error;
    }
  }
}

function answer(row: {
  id: string;
  ticket: string;
  division_code: string;
  register_finding: ListingFinding;
  register_status: string | null;
}) {
  return {
    id: row.id,
    ticket: row.ticket,
    divisionCode: row.division_code,
    finding: row.register_finding,
    registerStatus: row.register_status,
  };
}

/** A platform's own listing reports (never another client's), newest first, with where each stands. */
export async function listingReportsOfClient(db: Kysely<DB>, client: ApiClient, options: { id?: string } = {}) {
  if (options.id !== undefined && !isUuid(options.id)) return [];
  return db
    .selectFrom("listing_report as l")
    .innerJoin("report", "report.id", "l.report_id")
    .innerJoin("mark", "mark.id", "report.mark_id")
    .select([
      "report.id",
      "report.ticket",
      "report.status",
      "report.outcome",
      "report.created_at",
      "report.closed_at",
      "mark.slug as mark",
      "l.shop_name",
      "l.seller_uscc",
      "l.listing_url",
      "l.register_finding",
      "l.register_status",
    ])
    .where("l.client_id", "=", client.id)
    .where("l.filed_by_client", "=", true)
    .$if(options.id !== undefined, (q) => q.where("report.id", "=", options.id!))
    .orderBy("report.created_at", "desc")
    .limit(200)
    .execute();
}

/** The listing facts of a case the user can already see (the route found the report through its scope). */
export async function listingFactsOf(db: Kysely<DB>, reportId: string) {
  return db
    .selectFrom("listing_report as l")
    .leftJoin("api_client", "api_client.id", "l.client_id")
    .leftJoin("app_user", "app_user.id", "l.filed_by_user_id")
    .select([
      "l.platform",
      "l.shop_name",
      "l.seller_uscc",
      "l.listing_url",
      "l.client_id",
      "l.filed_by_client",
      "l.register_finding",
      "l.register_status",
      "l.register_until",
      "api_client.name as client_name",
      "api_client.revoked_at as client_revoked_at",
      "app_user.display_name as filed_by_name",
    ])
    .where("l.report_id", "=", reportId)
    .executeTakeFirst();
}

/** The platforms a regulator may name on a case: live clients that answer takedown requests. */
export async function takedownPlatforms(db: Kysely<DB>) {
  return db
    .selectFrom("api_client")
    .select(["id", "name"])
    .where("revoked_at", "is", null)
    .where((eb) => eb(eb.val("takedowns"), "=", eb.fn.any("scopes")))
    .orderBy("name")
    .execute();
}
