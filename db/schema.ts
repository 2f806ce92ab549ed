import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>;

export type DivisionLevel = "province" | "city" | "county" | "township";
export const ROLES = ["admin", "regulator", "enterprise", "printer"] as const;
export type Role = (typeof ROLES)[number];
export const MARK_KINDS = ["gi_product", "collective_mark", "certification_mark", "regional_brand"] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

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
  email: string | null;
  email_confirmed_at: Date | null;
  /** SHA-256 of the token mailed to confirm `email`; null once confirmed. */
  email_confirm_hash: string | null;
  lang: Generated<"zh-CN" | "en">;
  /** Notification kinds this person chose not to receive by e-mail (the inbox still shows them). */
  mail_opt_out: Generated<string[]>;
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
  trademark_valid_until: string | null;
  serial_prefix: string | null;
  quality_document_id: string | null;
  /** Who supervises the mark's use, and its public hotline: shown on the scan page (issue 14). */
  supervising_authority: Generated<string | null>;
  hotline: Generated<string | null>;
  /**
   * The product line's GTIN-14 when the mark opts its printed QR codes into GS1 Digital Link
   * (decision 056); null prints the short /V/<code> form.
   */
  digital_link_gtin: Generated<string | null>;
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

export const AUTHORIZATION_ROUTES = ["gi_product", "collective_member", "certification_licensee"] as const;
export type AuthorizationRoute = (typeof AUTHORIZATION_ROUTES)[number];
export const AUTHORIZATION_STATUSES = [
  "draft",
  "submitted",
  "accepted",
  "not_accepted",
  "returned",
  "reviewed",
  "approved",
  "rejected",
  "active",
  "rectifying",
  "suspended",
  "cancelled",
  "withdrawn",
  "expired",
] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];
/**
 * Statuses in which the enterprise may use the mark. The lifecycle (app/authorization/lifecycle.ts)
 * gives it its meaning and re-exports it; it is declared here, beside the statuses, so that rooms
 * the authorization room itself calls (alerts) can filter by it without a loop between folders.
 */
export const AUTHORIZED_STATUSES = ["active", "rectifying"] as const satisfies readonly AuthorizationStatus[];
export const EXIT_REASONS = [
  "non_conforming",
  "unused_24_months",
  "licence_expired",
  "deregistered",
  "voluntary",
  "violation",
  "failed_inspection",
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
export const DOCUMENT_KINDS = [
  "business_licence",
  "inspection_report",
  "licence_contract",
  "site_photo",
  "site_check_report",
  "quality_requirements",
  "report_photo",
  "inspection_photo",
  "other",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A calendar date (no time zone): stored as `date`, handled as "YYYY-MM-DD". */
type DateOnly = ColumnType<string, string | undefined, string>;
type NullableDateOnly = ColumnType<string | null, string | null | undefined, string | null>;

export interface DocumentTable {
  id: Generated<string>;
  kind: DocumentKind;
  original_name: string;
  stored_name: string;
  content_type: "application/pdf" | "image/jpeg" | "image/png";
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  enterprise_id: string | null;
  created_at: CreatedAt;
}

export interface AnnouncementTable {
  id: Generated<string>;
  number: string;
  title: string;
  division_code: string;
  status: Generated<"draft" | "published">;
  published_on: NullableDateOnly;
  created_by: string;
  published_by: string | null;
  created_at: CreatedAt;
  published_at: Date | null;
}

export interface AuthorizationTable {
  id: Generated<string>;
  enterprise_id: string;
  mark_id: string;
  route: AuthorizationRoute;
  status: Generated<AuthorizationStatus>;
  township_code: string;
  products: string;
  annual_output: string;
  label_manager_name: string;
  label_manager_phone: string;
  licence_filing_no: string | null;
  licence_filing_date: NullableDateOnly;
  licence_start: NullableDateOnly;
  licence_end: NullableDateOnly;
  submitted_at: Date | null;
  review_due_on: NullableDateOnly;
  recommendation: string | null;
  site_check_document_id: string | null;
  active_from: NullableDateOnly;
  exited_on: NullableDateOnly;
  exit_reason: ExitReason | null;
  rectify_deadline: NullableDateOnly;
  entry_announcement_id: string | null;
  exit_announcement_id: string | null;
  pending_announcement_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A file of a form that was refused, kept for its next submission (decision 016, issue item 17). */
/** A platform or other system calling the API (decision 047). The token is kept only as its SHA-256. */
export interface ApiClientTable {
  id: Generated<string>;
  name: string;
  contact: string;
  scopes: string[];
  /** The marks the client may hear about; null for every mark. */
  mark_ids: string[] | null;
  token_hash: Uint8Array;
  token_hint: string;
  /** Signs webhook deliveries (HMAC needs the secret itself; decision 047). */
  webhook_secret: string;
  created_by: string | null;
  created_at: Generated<Date>;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export interface WebhookSubscriptionTable {
  id: Generated<string>;
  client_id: string;
  mark_id: string | null;
  url: string;
  created_at: Generated<Date>;
  removed_at: Date | null;
}

export interface WebhookEventTable {
  id: Generated<number>;
  type: string;
  mark_id: string;
  authorization_id: string | null;
  data: Json;
  created_at: Generated<Date>;
}

export interface WebhookDeliveryTable {
  subscription_id: string;
  event_id: number;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  delivered_at: Date | null;
  failed_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

export interface UploadDraftTable {
  id: Generated<string>;
  user_id: string;
  session_id: string;
  form: string;
  field: string;
  original_name: string;
  stored_name: string;
  content_type: "application/pdf" | "image/jpeg" | "image/png";
  size_bytes: number;
  sha256: string;
  created_at: CreatedAt;
}

export interface AuthorizationDocumentTable {
  authorization_id: string;
  document_id: string;
}

export interface AuthorizationEventTable {
  id: Generated<number>;
  authorization_id: string;
  at: Generated<Date>;
  effective_on: DateOnly;
  actor_user_id: string | null;
  action: string;
  from_status: AuthorizationStatus | null;
  to_status: AuthorizationStatus;
  comment: string | null;
  document_ref: string | null;
  announcement_id: string | null;
  snapshot: Json;
  /** The register import that wrote this event (issue 17); null for events recorded here. */
  import_id: Generated<string | null>;
}

export interface RegisterImportTable {
  id: Generated<string>;
  file_name: string;
  sha256: string;
  size_bytes: number;
  content: Uint8Array;
  imported_by: string;
  imported_at: CreatedAt;
  summary: Json;
}

/** A flag is raised for a person to decide on; anomaly alerts are flags too (decision 008). */
export interface FlagTable {
  id: Generated<string>;
  kind: string;
  authorization_id: string | null;
  enterprise_id: string | null;
  /** null: nobody's division (a burst of unknown codes). */
  division_code: string | null;
  detail: Json;
  raised_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
  /** What a scan alert is about: a code (hex) or a network; null for flags about an authorization. */
  subject: string | null;
  mark_id: string | null;
  occurrences: Generated<number>;
  last_seen_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export interface MarkPrinterTable {
  mark_id: string;
  printer_id: string;
}

export interface ChangeRequestTable {
  id: Generated<string>;
  enterprise_id: string;
  status: Generated<"pending" | "approved" | "rejected">;
  before: Json;
  proposed: Json;
  reason: string | null;
  requested_by: string;
  requested_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  /** Set when the change includes products: the one authorization whose products change. */
  authorization_id: string | null;
}

/** One change of a mark's protection area, with the document that decided it (public). */
export interface MarkAreaChangeTable {
  id: Generated<string>;
  mark_id: string;
  added: Json;
  removed: Json;
  document_ref: string;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export const LEDGER_ACTIONS = [
  "order",
  "approve",
  "reject",
  "issue",
  "print",
  "spoil",
  "ship",
  "receive",
  "collect",
  "void",
] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];
export const LABEL_STATUSES = ["issued", "printed", "spoiled", "received", "collected", "voided"] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];
export const LABEL_ORDER_STATUSES = ["submitted", "approved", "rejected", "issued", "shipped", "received"] as const;
export type LabelOrderStatus = (typeof LABEL_ORDER_STATUSES)[number];

export type IssuingJobState = "pending" | "running" | "retrying" | "done";

export interface IssuingJobTable {
  order_id: string;
  state: Generated<IssuingJobState>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_by: string | null;
  heartbeat_at: Date | null;
  done_count: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LabelSerialCounterTable {
  mark_id: string;
  year: number;
  next_serial: Generated<number>;
}

export interface LabelOrderTable {
  id: Generated<string>;
  authorization_id: string;
  enterprise_id: string;
  mark_id: string;
  printer_id: string | null;
  quantity_requested: number;
  quantity_approved: number | null;
  template: string;
  intended_products: string;
  status: Generated<LabelOrderStatus>;
  decision_reason: string | null;
  serial_year: number | null;
  serial_from: number | null;
  serial_to: number | null;
  issued_count: Generated<number>;
  printed_count: number | null;
  spoiled_count: number | null;
  received_count: number | null;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** The order form's submission key, derived per person (forms/submission-key.server.ts). */
  submission_key: Generated<string | null>;
}

export interface ProductBatchTable {
  id: Generated<string>;
  enterprise_id: string;
  authorization_id: string;
  product: string;
  specification: string | null;
  batch_no: string;
  production_date: DateOnly;
  quantity: number;
  inspection_document_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  /** GTIN-14, check digit verified (decision 020); null when the batch has none. */
  gtin: Generated<string | null>;
}

export interface LabelTable {
  code: Uint8Array;
  order_id: string;
  mark_id: string;
  serial_year: number;
  serial: number;
  status: Generated<LabelStatus>;
  batch_id: string | null;
  void_reason: string | null;
  updated_at: Generated<Date>;
}

export interface LabelLedgerTable {
  id: Generated<number>;
  order_id: string;
  at: Generated<Date>;
  actor_user_id: string | null;
  action: LedgerAction;
  serial_from: number | null;
  serial_to: number | null;
  count: number;
  batch_id: string | null;
  reason: string | null;
}

export const VERDICTS = [
  "genuine",
  "genuine_exited",
  "not_activated",
  "voided",
  "suspended_user",
  "not_found",
  "invalid",
] as const;
export type Verdict = (typeof VERDICTS)[number];
/** How a lookup arrived: the scan page, the JSON API, or a link preview / crawler (not a consumer's check). */
export const SCAN_CHANNELS = ["page", "api", "preview"] as const;
export type ScanChannel = (typeof SCAN_CHANNELS)[number];

export interface ScanTable {
  id: Generated<number>;
  scanned_at: Date;
  code: Uint8Array | null;
  raw_input: string | null;
  mark_id: string | null;
  enterprise_id: string | null;
  verdict: Verdict;
  channel: ScanChannel;
  network: string;
  user_agent: string | null;
  ref: string | null;
  latitude: string | null;
  longitude: string | null;
}

export interface ScanTallyTable {
  code: Uint8Array;
  scan_count: number;
  first_scanned_at: Date;
  last_scanned_at: Date;
}

/** What a consumer may report (the public form offers these). */
export const CONSUMER_REPORT_PROBLEMS = [
  "fake_label",
  "wrong_information",
  "quality",
  "reused_label",
  "other",
] as const;
/** Every problem a case names: a consumer's, or an online listing using the mark (decision 051). */
export const REPORT_PROBLEMS = [...CONSUMER_REPORT_PROBLEMS, "unauthorized_listing"] as const;
export type ReportProblem = (typeof REPORT_PROBLEMS)[number];
/** Who brought the case: a consumer's report (举报) or a listing report by a platform or a regulator. */
export const REPORT_KINDS = ["consumer", "listing"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/**
 * What the register said of the seller when the listing was filed: authorized for the mark, never
 * authorized (or unknown), exited (was on the register, is no longer), or not checked (no USCC).
 */
export const LISTING_FINDINGS = ["authorized", "unauthorized", "exited", "not_checked"] as const;
export type ListingFinding = (typeof LISTING_FINDINGS)[number];
/** The findings that flag a case at once. */
export const FLAGGED_LISTING_FINDINGS = ["unauthorized", "exited"] as const satisfies readonly ListingFinding[];
/** The legal basis a takedown request cites (decision 051). */
export const TAKEDOWN_LEGAL_BASES = [
  "trademark_law_art57",
  "e_commerce_law_art29",
  "gi_special_mark_measures",
  "gi_product_protection_measures",
] as const;
export type TakedownLegalBasis = (typeof TAKEDOWN_LEGAL_BASES)[number];
export const TAKEDOWN_STATUSES = ["pending", "removed", "refused", "withdrawn"] as const;
export type TakedownStatus = (typeof TAKEDOWN_STATUSES)[number];
/** The steps of a case's own machine, recorded in `report_event`. */
export const REPORT_EVENT_ACTIONS = ["receive", "assign", "investigate", "close"] as const;
export type ReportEventAction = (typeof REPORT_EVENT_ACTIONS)[number];
/** Every step a case's history shows: its own, and the takedown exchange with the platform (decision 051). */
export const CASE_HISTORY_STEPS = [
  ...REPORT_EVENT_ACTIONS,
  "takedown_sent",
  "takedown_removed",
  "takedown_refused",
  "takedown_withdrawn",
] as const;
export type CaseHistoryStep = (typeof CASE_HISTORY_STEPS)[number];
export const REPORT_STATUSES = ["received", "assigned", "investigating", "closed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_OUTCOMES = ["confirmed_fake", "not_substantiated", "transferred"] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export interface ReportTable {
  id: Generated<string>;
  ticket: string;
  submission_key: string | null;
  code: Uint8Array | null;
  code_input: string;
  mark_id: string | null;
  enterprise_id: string | null;
  division_code: string;
  kind: Generated<ReportKind>;
  problem: ReportProblem;
  description: string;
  place_kind: "shop" | "online";
  place: string;
  contact: string | null;
  contact_lang: Generated<"zh-CN" | "en">;
  status: Generated<ReportStatus>;
  assignee_id: string | null;
  outcome: ReportOutcome | null;
  outcome_note: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Date | null;
  version: Generated<number>;
}

export interface ListingReportTable {
  report_id: string;
  platform: string;
  shop_name: string;
  seller_uscc: string | null;
  listing_url: string;
  /** The platform the case concerns: the client that filed it, or one a regulator named. */
  client_id: string | null;
  filed_by_client: boolean;
  filed_by_user_id: string | null;
  register_finding: ListingFinding;
  register_status: string | null;
  register_until: NullableDateOnly;
}

export interface TakedownRequestTable {
  id: Generated<string>;
  report_id: string;
  client_id: string;
  legal_basis: TakedownLegalBasis;
  evidence: string;
  status: Generated<TakedownStatus>;
  answer_note: string | null;
  requested_by: string;
  requested_at: Generated<Date>;
  answered_at: Date | null;
}

export interface ReportPhotoTable {
  report_id: string;
  document_id: string;
  position: number;
}

export interface ReportEventTable {
  id: Generated<number>;
  report_id: string;
  at: Generated<Date>;
  actor_user_id: string | null;
  action: ReportEventAction;
  from_status: ReportStatus | null;
  to_status: ReportStatus;
  note: string | null;
}

export const CREDIT_LIST_KINDS = ["abnormal_operation", "serious_dishonesty", "administrative_penalty"] as const;
export type CreditList = (typeof CREDIT_LIST_KINDS)[number];

export interface CreditEventTable {
  id: Generated<string>;
  uscc: string;
  enterprise_id: string | null;
  list: CreditList;
  decided_on: DateOnly;
  authority: string;
  document_no: string;
  reason: string;
  source: "manual" | "import";
  created_by: string;
  created_at: CreatedAt;
}

export interface ScanDailyTable {
  day: string;
  mark_id: string;
  county_code: string;
  verdict: Verdict;
  scans: number;
}

export interface ScanWindowTable {
  network: string;
  bucket: Date;
  not_found: number;
}

export interface AnnualReportTable {
  id: Generated<string>;
  authorization_id: string;
  enterprise_id: string;
  mark_id: string;
  year: number;
  labels_collected: number;
  labels_voided: number;
  output_quantity: string;
  output_unit: string;
  sales_amount: string;
  markets: string;
  note: string | null;
  due_on: DateOnly;
  filed_by: string;
  filed_at: Generated<Date>;
  amended_at: Date | null;
  version: Generated<number>;
}

export const INSPECTION_RESULTS = ["conforming", "non_conforming"] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export interface InspectionTable {
  id: Generated<string>;
  number: string;
  title: string;
  division_code: string;
  sample_size: number | null;
  sample_ratio: string | null;
  inspectors_per_target: number;
  /** The draw's seed: the root (base64) of the checkpoint named by seed_checkpoint_size; null until drawn. Older campaigns: a typed or random seed. */
  seed: string | null;
  /** The signed checkpoint whose root seeded the draw (decision 045); null for campaigns drawn before. */
  seed_checkpoint_size: number | null;
  /** When the draw happened; null while the campaign waits for its checkpoint. */
  drawn_at: Date | null;
  population: Json;
  pool: Json;
  created_by: string;
  created_at: CreatedAt;
  submission_key: string | null;
  /** How inspectors were assigned (draw.server.ts): "independent" before balancing, "balanced" since. */
  assignment: ColumnType<"independent" | "balanced", "independent" | "balanced" | undefined, never>;
}

export interface InspectionMarkTable {
  inspection_id: string;
  mark_id: string;
}

export interface InspectionTargetTable {
  id: Generated<string>;
  inspection_id: string;
  position: number;
  authorization_id: string;
  enterprise_id: string;
  result: InspectionResult | null;
  failed_items: Json;
  note: string | null;
  rectify_deadline: NullableDateOnly;
  inspected_on: NullableDateOnly;
  recorded_by: string | null;
  recorded_at: Date | null;
}

export interface InspectionInspectorTable {
  target_id: string;
  user_id: string;
  position: number;
}

export interface InspectionPhotoTable {
  target_id: string;
  document_id: string;
  position: number;
}

/** An exception to "Monday to Friday are working days": a public holiday or a make-up working day. */
export interface CalendarDayTable {
  day: DateOnly;
  working: boolean;
  name: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** Spooled scan batches already written (decision 022): a batch file is written once. */
export interface ScanSpoolBatchTable {
  id: string;
  written_at: Generated<Date>;
}

/** The public log (app/log, decision 017). */
export interface LogLeafTable {
  idx: number;
  kind: string;
  ref: string;
  data: Uint8Array;
  hash: Uint8Array;
  logged_at: Generated<Date>;
}
export interface LogNodeTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}
export interface LogCheckpointTable {
  size: number;
  root: Uint8Array;
  note: string;
  signed_at: Generated<Date>;
}
export interface LogCosignatureTable {
  size: number;
  witness: string;
  line: string;
  received_at: Generated<Date>;
}
export interface LogWitnessedTable {
  origin: string;
  size: number;
  root: Uint8Array;
  note: string;
  updated_at: Generated<Date>;
}
export interface LogBatchTable {
  order_id: string;
  size: number;
  chunk_hashes: Uint8Array;
}
export interface LogPendingTable {
  id: Generated<number>;
  kind: string;
  ref: string;
  xact: Generated<number>;
  queued_at: Generated<Date>;
}

export interface NotificationTable {
  id: Generated<string>;
  event_key: string;
  user_id: string;
  kind: string;
  params: Json;
  link: string;
  created_at: CreatedAt;
  read_at: Date | null;
}

export const MAIL_STATES = ["pending", "sending", "sent", "failed"] as const;
export type MailState = (typeof MAIL_STATES)[number];

export interface MailOutboxTable {
  id: Generated<string>;
  event_key: string;
  recipient: string;
  user_id: string | null;
  to_address: string;
  lang: "zh-CN" | "en";
  kind: string;
  params: Json;
  link: string;
  state: Generated<MailState>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

/** Addresses (by SHA-256 of the lower-cased address) that asked for no more mail without an account. */
export interface MailSuppressionTable {
  address_hash: string;
  created_at: CreatedAt;
}

export interface JobRunTable {
  job: string;
  run_on: string;
  started_at: CreatedAt;
  finished_at: Date | null;
  summary: Json | null;
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
  document: DocumentTable;
  upload_draft: UploadDraftTable;
  api_client: ApiClientTable;
  webhook_subscription: WebhookSubscriptionTable;
  webhook_event: WebhookEventTable;
  webhook_delivery: WebhookDeliveryTable;
  announcement: AnnouncementTable;
  authorization: AuthorizationTable;
  authorization_document: AuthorizationDocumentTable;
  authorization_event: AuthorizationEventTable;
  register_import: RegisterImportTable;
  flag: FlagTable;
  mark_printer: MarkPrinterTable;
  change_request: ChangeRequestTable;
  mark_area_change: MarkAreaChangeTable;
  label_serial_counter: LabelSerialCounterTable;
  issuing_job: IssuingJobTable;
  label_order: LabelOrderTable;
  product_batch: ProductBatchTable;
  label: LabelTable;
  label_ledger: LabelLedgerTable;
  scan: ScanTable;
  scan_tally: ScanTallyTable;
  scan_spool_batch: ScanSpoolBatchTable;
  report: ReportTable;
  report_photo: ReportPhotoTable;
  listing_report: ListingReportTable;
  takedown_request: TakedownRequestTable;
  report_event: ReportEventTable;
  credit_event: CreditEventTable;
  scan_daily: ScanDailyTable;
  scan_window: ScanWindowTable;
  annual_report: AnnualReportTable;
  inspection: InspectionTable;
  inspection_mark: InspectionMarkTable;
  inspection_target: InspectionTargetTable;
  inspection_inspector: InspectionInspectorTable;
  inspection_photo: InspectionPhotoTable;
  calendar_day: CalendarDayTable;
  log_leaf: LogLeafTable;
  log_node: LogNodeTable;
  log_checkpoint: LogCheckpointTable;
  log_cosignature: LogCosignatureTable;
  log_witnessed: LogWitnessedTable;
  log_batch: LogBatchTable;
  log_pending: LogPendingTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  mail_suppression: MailSuppressionTable;
  job_run: JobRunTable;
}

export type Enterprise = Selectable<EnterpriseTable>;
export type NewEnterprise = Insertable<EnterpriseTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Mark = Selectable<MarkTable>;
export type Division = Selectable<DivisionTable>;
export type AuditEntry = Selectable<AuditEntryTable>;
export type Authorization = Selectable<AuthorizationTable>;
export type Announcement = Selectable<AnnouncementTable>;
