import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiRefusal, counted, requireApiClient } from "#app/http/api-client-gate.server.ts";
import { apiJson } from "#app/http/api.server.ts";
import { bodyTooLargeReply, refusedBodyLimit } from "#app/http/api-json-body.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { readBody, MAX_FORM_BYTES } from "#app/forms/body.server.ts";
import { parseForm } from "#app/forms/form.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { MAX_REPORT_PHOTOS } from "#app/report/report.server.ts";
import { fileListingReport, listingReportsOfClient } from "#app/report/listing-report.server.ts";
import { listingReportSchema } from "#app/report/listing-form.ts";

const ENDPOINT = "listing-reports";
const LISTING_EXAMPLE = `{"shopName": "…", "listingUrl": "https://…", "mark": "…", "description": "…", "sellerUscc": "…"}`;

/** GET /api/v1/listing-reports — the calling platform's own listing reports and where each stands. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, "listings.report", ENDPOINT, context);
  const rows = await listingReportsOfClient(await getDb(), client);
  return counted(client, ENDPOINT, apiJson({ listing_reports: rows }, { cache: false }));
}

/** The request's fields as a form: JSON (no screenshots) or multipart (with them). */
async function readRequest(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\/form-data\b/i.test(type)) {
    const upload = await readMultipart(request, MAX_REPORT_PHOTOS + 2, "screenshots");
    return { formData: upload.formData, screenshots: upload.files.filter((f) => f.field === "screenshots") };
  }
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type))
    throw new DomainError("apiClient.unsupportedType", {
      status: 415,
      params: { types: "application/json, multipart/form-data" },
    });
  // Read first (a body over the limit is refused as such), then parsed.
  const text = new TextDecoder().decode(await readBody(request, MAX_FORM_BYTES));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError("apiClient.notJson", { params: { example: LISTING_EXAMPLE } });
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new DomainError("apiClient.notJson", { params: { example: LISTING_EXAMPLE } });
  const formData = new FormData();
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") formData.set(k, v);
  return { formData, screenshots: [] };
}

/**
 * POST /api/v1/listing-reports — a suspicious listing, filed as a case in the competent county's
 * queue and answered with the register's finding at once (decision 051).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "apiClient.postOnly");
  const client = await requireApiClient(request, "listings.report", ENDPOINT, context);
  try {
    const { formData, screenshots } = await readRequest(request);
    // A platform names itself: the case concerns the client that filed it.
    formData.delete("platformClientId");
    const parsed = parseForm(formData, listingReportSchema);
    if (!parsed.ok) {
      const [field, message] = Object.entries(parsed.fieldErrors)[0] ?? ["_form", { key: "form.invalid" as const }];
      throw new DomainError(message.key, { field, ...(message.params ? { params: message.params } : {}) });
    }
    const filed = await fileListingReport(await getDb(), { client }, parsed.data, screenshots);
    return counted(
      client,
      ENDPOINT,
      apiJson(
        {
          id: filed.id,
          ticket: filed.ticket,
          status: "received",
          register_finding: filed.finding,
          register_status: filed.registerStatus,
          flagged: filed.finding === "unauthorized" || filed.finding === "exited",
        },
        { status: 201, cache: false },
      ),
    );
  } catch (error) {
    if (error instanceof DomainError) return counted(client, ENDPOINT, apiRefusal(request, error));
    const limit = refusedBodyLimit(error);
    if (limit !== null) return counted(client, ENDPOINT, bodyTooLargeReply(request, limit));
    throw error;
  }
}
