import type { Migration } from "kysely";
import * as foundation from "./2026-11-23T0100_foundation.ts";
import * as register from "./2026-11-23T0200_register.ts";
import * as changes from "./2026-11-23T0300_changes.ts";
import * as labels from "./2026-11-23T0400_labels.ts";
import * as markQualityDocument from "./2026-11-23T0500_mark_quality_document.ts";
import * as verification from "./2026-11-23T0600_verification.ts";
import * as creditEvents from "./2026-11-23T0700_credit_events.ts";
import * as oversight from "./2026-12-01T0100_oversight.ts";
import * as workCalendar from "./2026-12-01T0200_work_calendar.ts";
import * as inspectionBalanced from "./2026-12-01T0300_inspection_balanced.ts";
import * as mScanChannels from "./2026-12-04T2116_scan_channels.ts";
import * as mIssuingJobs from "./2026-12-04T2213_issuing_jobs.ts";
import * as mCompetenceAndProtectionArea from "./2026-12-05T2244_competence_and_protection_area.ts";
import * as mLabelSerialsByOrder from "./2026-12-05T2248_label_serials_by_order.ts";
import * as mPublicLog from "./2026-12-05T2258_public_log.ts";
import * as mScanSpoolBatch from "./2026-12-05T2313_scan_spool_batch.ts";
import * as mRegisterImport from "./2026-12-06T0002_register_import.ts";
import * as mBatchGtin from "./2026-12-06T0049_batch_gtin.ts";
import * as mAnnouncementNumberPerDivision from "./2026-12-06T0115_announcement_number_per_division.ts";
import * as mMarkSupervisionContact from "./2026-12-06T0222_mark_supervision_contact.ts";
import * as mInspectionSeededByCheckpoint from "./2026-12-06T0516_inspection_seeded_by_checkpoint.ts";
import * as mUploadDrafts from "./2026-12-06T0517_upload_drafts.ts";
import * as mApiClientsAndWebhooks from "./2026-12-06T0544_api_clients_and_webhooks.ts";
import * as mNotifications from "./2026-12-06T0545_notifications.ts";
import * as mListingReportsAndTakedowns from "./2026-12-06T0825_listing_reports_and_takedowns.ts";
import * as mMailSuppression from "./2026-12-06T0829_mail_suppression.ts";
import * as mMarkDigitalLinkGtin from "./2026-12-06T0850_mark_digital_link_gtin.ts";
import * as mTakedownWithdrawn from "./2026-12-06T0919_takedown_withdrawn.ts";
import * as mLabelOrderSubmissionKey from "./2026-12-06T1159_label_order_submission_key.ts";

/** Explicit, ordered index: bundling can never lose a migration. Append only. */
export const migrations: Record<string, Migration> = {
  "2026-11-23T0100_foundation": foundation,
  "2026-11-23T0200_register": register,
  "2026-11-23T0300_changes": changes,
  "2026-11-23T0400_labels": labels,
  "2026-11-23T0500_mark_quality_document": markQualityDocument,
  "2026-11-23T0600_verification": verification,
  "2026-11-23T0700_credit_events": creditEvents,
  "2026-12-01T0100_oversight": oversight,
  "2026-12-01T0200_work_calendar": workCalendar,
  "2026-12-01T0300_inspection_balanced": inspectionBalanced,
  "2026-12-04T2116_scan_channels": mScanChannels,
  "2026-12-04T2213_issuing_jobs": mIssuingJobs,
  "2026-12-05T2244_competence_and_protection_area": mCompetenceAndProtectionArea,
  "2026-12-05T2248_label_serials_by_order": mLabelSerialsByOrder,
  "2026-12-05T2258_public_log": mPublicLog,
  "2026-12-05T2313_scan_spool_batch": mScanSpoolBatch,
  "2026-12-06T0002_register_import": mRegisterImport,
  "2026-12-06T0049_batch_gtin": mBatchGtin,
  "2026-12-06T0115_announcement_number_per_division": mAnnouncementNumberPerDivision,
  "2026-12-06T0222_mark_supervision_contact": mMarkSupervisionContact,
  "2026-12-06T0516_inspection_seeded_by_checkpoint": mInspectionSeededByCheckpoint,
  "2026-12-06T0517_upload_drafts": mUploadDrafts,
  "2026-12-06T0544_api_clients_and_webhooks": mApiClientsAndWebhooks,
  "2026-12-06T0545_notifications": mNotifications,
  "2026-12-06T0825_listing_reports_and_takedowns": mListingReportsAndTakedowns,
  "2026-12-06T0829_mail_suppression": mMailSuppression,
  "2026-12-06T0850_mark_digital_link_gtin": mMarkDigitalLinkGtin,
  "2026-12-06T0919_takedown_withdrawn": mTakedownWithdrawn,
  "2026-12-06T1159_label_order_submission_key": mLabelOrderSubmissionKey,
};
