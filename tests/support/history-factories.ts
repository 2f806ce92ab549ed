import type { Kysely } from "kysely";
import type { AuthorizationStatus, DB } from "#db/schema.ts";
import { makeEnterprise } from "./factories.ts";

type Step = { on: string; action: string; to: AuthorizationStatus; from?: AuthorizationStatus | null };

/**
 * An enterprise authorized for a mark with the given register history written straight into the
 * tables (as the demo seed and a register import do), entry announced by `announcement`.
 */
export async function makeHistory(
  db: Kysely<DB>,
  input: { markId: string; township: string; createdBy: string; announcement: string; steps: Step[]; name?: string },
) {
  const enterprise = await makeEnterprise(db, "430923", input.name);
  const first = input.steps.find((s) => s.action === "activate");
  const announcement = await db
    .insertInto("announcement")
    .values({
      number: input.announcement,
      title: "测试公告",
      division_code: "430923",
      status: "published",
      published_on: first?.on ?? "2025-01-01",
      created_by: input.createdBy,
      published_by: input.createdBy,
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const last = input.steps.at(-1)!;
  const authorization = await db
    .insertInto("authorization")
    .values({
      enterprise_id: enterprise.id,
      mark_id: input.markId,
      route: "gi_product",
      status: last.to,
      township_code: input.township,
      products: "茶",
      annual_output: "1 吨",
      label_manager_name: "王",
      label_manager_phone: "13800000000",
      active_from: first?.on ?? null,
      entry_announcement_id: first ? announcement.id : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let from: AuthorizationStatus | null = null;
  for (const step of input.steps) {
    await db
      .insertInto("authorization_event")
      .values({
        authorization_id: authorization.id,
        effective_on: step.on,
        action: step.action,
        from_status: step.from === undefined ? from : step.from,
        to_status: step.to,
        announcement_id: step.action === "activate" ? announcement.id : null,
      })
      .execute();
    from = step.to;
  }
  return { enterprise, authorizationId: authorization.id };
}
