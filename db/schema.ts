import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>;

export type DivisionLevel = "province" | "city" | "county" | "township";
export type Role = "admin" | "regulator" | "enterprise" | "printer";
export type MarkKind = "gi_product" | "collective_mark" | "certification_mark" | "regional_brand";

export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: Generated<Date>;
}

export interface DivisionTable {
  code: string;
  name: string;
  full_name: string;
  level: DivisionLevel;
  parent_code: string | null;
  data_version: string;
}

export interface EnterpriseTable {
  id: Generated<string>;
  uscc: string;
  name: string;
  legal_representative: string | null;
  address: string | null;
  division_code: string;
  contact_name: string | null;
  contact_phone: string | null;
  org_code_check_failed: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PrinterTable {
  id: Generated<string>;
  name: string;
  uscc: string | null;
  division_code: string;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  division_code: string | null;
  is_approver: Generated<boolean>;
  enterprise_id: string | null;
  printer_id: string | null;
  is_demo: Generated<boolean>;
  disabled_at: Date | null;
  password_changed_at: Timestamp;
  created_at: CreatedAt;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  ip_network: string | null;
  user_agent: string | null;
}

export interface MarkTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: MarkKind;
  division_code: string;
  legal_basis: string | null;
  standard_code: string | null;
  registrant: string | null;
  approving_level: Generated<"county" | "province">;
  review_working_days: Generated<number>;
  quality_requirements: string | null;
  target_users: number | null;
  target_year: number | null;
  scan_warn_threshold: Generated<number>;
  print_orders_need_approval: Generated<boolean>;
  annual_label_quota: number | null;
  allow_self_print: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MarkAreaTable {
  mark_id: string;
  division_code: string;
}

export interface AuditEntryTable {
  seq: number;
  at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface DB {
  app_meta: AppMetaTable;
  division: DivisionTable;
  enterprise: EnterpriseTable;
  printer: PrinterTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  mark: MarkTable;
  mark_area: MarkAreaTable;
  audit_entry: AuditEntryTable;
}

export type Enterprise = Selectable<EnterpriseTable>;
export type NewEnterprise = Insertable<EnterpriseTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Mark = Selectable<MarkTable>;
export type Division = Selectable<DivisionTable>;
export type AuditEntry = Selectable<AuditEntryTable>;
