import { type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { transactionWithDocuments, type Upload } from "#app/document/document.server.ts";
import { parseGtin } from "./gtin.ts";
import { doesOnOrders, mayUseLabels } from "./order-rules.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";

// Product batches (产品批次): what an enterprise makes under an authorization, with its inspection report.

/** A product batch, with the inspection report it was released on (stored only if the batch is). */
export async function createBatch(
  db: Kysely<DB>,
  user: SessionUser,
  input: {
    authorizationId: string;
    product: string;
    specification?: string | undefined;
    batchNo: string;
    productionDate: string;
    quantity: number;
    /** Optional (decision 020); check digit verified, stored as 14 digits. */
    gtin?: string | undefined;
    inspectionReport?: Upload | undefined;
  },
) {
  if (!doesOnOrders(user.role, "batch") || !user.enterpriseId)
    throw new DomainError("error.forbidden.text", { status: 403 });
  const authorization = await db
    .selectFrom("authorization")
    .select(["id", "status"])
    .where("id", "=", input.authorizationId)
    .where("enterprise_id", "=", user.enterpriseId)
    .executeTakeFirst();
  if (!authorization) throw new DomainError("error.notFound.text", { status: 404 });
  // The same rule the order page asks (order-rules.ts): no new batch once the enterprise has exited.
  if (!mayUseLabels(authorization.status))
    throw new DomainError("label.authorizationNotActive", { status: 409, params: { status: authorization.status } });
  // A batch is recorded once it is produced: a production date after today is a typing mistake.
  const today = shanghaiDate();
  if (input.productionDate > today)
    throw new DomainError("labels.productionDateFuture", { field: "productionDate", params: { today } });
  let gtin: string | null = null;
  if (input.gtin?.trim()) {
    const parsed = parseGtin(input.gtin);
    if (!parsed.ok) throw new DomainError(`gtin.${parsed.problem}`, { field: "gtin" });
    gtin = parsed.gtin;
  }
  const { inspectionReport, ...particulars } = input;
  return transactionWithDocuments(db, async (trx, documents) => {
    const report = inspectionReport
      ? await documents.store(
          inspectionReport,
          "inspection_report",
          { actor: actorOf(user), uploadedBy: user.id, enterpriseId: user.enterpriseId },
          { field: "inspectionReport" },
        )
      : null;
    const batch = await trx
      .insertInto("product_batch")
      .values({
        enterprise_id: user.enterpriseId!,
        authorization_id: authorization.id,
        product: input.product,
        specification: input.specification ?? null,
        batch_no: input.batchNo,
        production_date: input.productionDate,
        quantity: input.quantity,
        gtin,
        inspection_document_id: report?.id ?? null,
        created_by: user.id,
      })
      // A batch number is the enterprise's own and never repeats (a double click, or a number typed
      // twice): said on the field, with nothing stored.
      .onConflict((oc) => oc.columns(["enterprise_id", "batch_no"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!batch)
      throw new DomainError("label.batchNoTaken", {
        field: "batchNo",
        status: 409,
        params: { batchNo: input.batchNo },
      });
    await recordAudit(trx, actorOf(user), {
      action: "product_batch.create",
      entityType: "product_batch",
      entityId: batch.id,
      after: { ...particulars, gtin, inspectionDocumentId: report?.id ?? null },
    });
    return batch;
  });
}
