import { sql, type Kysely } from "kysely";

// Draws no one can steer (issue 16 part 7, decision 045): a campaign is announced first (logged
// with its candidates and pool), then drawn from the root of the first signed checkpoint that
// contains the announcement. The seed is that root; until then the campaign has none.
// Frozen once landed: never import app code.
const steps = [
  `alter table inspection alter column seed drop not null`,
  // A checkpoint's root is base64 (+, / and = included); typed seeds keep their old shape.
  `alter table inspection drop constraint inspection_seed_check`,
  `alter table inspection add constraint inspection_seed_check
     check (seed ~ '^[0-9A-Za-z_-]{4,64}$' or seed ~ '^[A-Za-z0-9+/]{43}=$')`,
  `alter table inspection add column seed_checkpoint_size integer`,
  `alter table inspection add column drawn_at timestamptz`,
  // Campaigns drawn before this change were drawn when they were created.
  `update inspection set drawn_at = created_at where drawn_at is null`,
  `alter table inspection add constraint inspection_drawn_has_seed check (drawn_at is null or seed is not null)`,
  // The announcement is its own public fact; the draw is logged when it happens.
  `drop trigger inspection_to_log on inspection`,
  `create trigger inspection_announced_to_log after insert on inspection for each row
     when (new.drawn_at is null) execute function log_queue_fact('inspection_announce')`,
  `create trigger inspection_drawn_on_insert_to_log after insert on inspection for each row
     when (new.drawn_at is not null) execute function log_queue_fact('inspection')`,
  `create trigger inspection_drawn_to_log after update of drawn_at on inspection for each row
     when (new.drawn_at is not null and old.drawn_at is null) execute function log_queue_fact('inspection')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const step of steps) await sql.raw(step).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are append-only; write a new migration instead.");
}
