import { LISTING_FINDINGS, REPORT_STATUSES, TAKEDOWN_LEGAL_BASES, TAKEDOWN_STATUSES } from "#db/schema.ts";
import { LANGS, translator } from "#app/i18n/i18n.ts";
import { lang, refusals, refused, security } from "./openapi-clients.ts";

// Listing reports and takedown requests (decision 051): client endpoints, each filtered to the caller.
const listingFields = {
  shopName: { type: "string", maxLength: 200 },
  sellerUscc: {
    type: "string",
    description:
      "The seller's unified social credit code, if known; a wrong check character is refused (400, field sellerUscc)",
  },
  listingUrl: { type: "string", format: "uri", maxLength: 2000 },
  mark: { type: "string", description: "The mark's slug (within the client's marks)" },
  description: { type: "string", maxLength: 2000 },
  platform: { type: "string", maxLength: 100, description: "Defaults to the client's name" },
  submissionKey: { type: "string", format: "uuid", description: "The same key twice files one report" },
};

export const platformCasePaths = {
  "/api/v1/listing-reports": {
    get: {
      summary: "The calling client's own listing reports, newest first, with where each case stands",
      security,
      responses: {
        "200": {
          description: "Listing reports",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  listing_reports: { type: "array", items: { $ref: "#/components/schemas/ListingReport" } },
                },
              },
            },
          },
        },
        ...refusals("listings.report"),
      },
    },
    post: {
      summary: "File a suspicious listing; it goes to the competent county's case queue",
      description:
        "The seller is matched against the register at filing: register_finding is authorized, unauthorized, exited (was on the register, is no longer) or not_checked (no USCC); flagged is true for unauthorized and exited. Send JSON, or multipart/form-data with the same fields and up to 3 screenshots (JPG or PNG, 10 MB each) in the field screenshots.",
      security,
      parameters: [lang],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["shopName", "listingUrl", "mark", "description"],
              properties: listingFields,
            },
          },
          "multipart/form-data": {
            schema: {
              type: "object",
              required: ["shopName", "listingUrl", "mark", "description"],
              properties: {
                ...listingFields,
                screenshots: { type: "array", maxItems: 3, items: { type: "string", format: "binary" } },
              },
            },
          },
        },
      },
      responses: {
        "201": {
          description: "Filed",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  id: { type: "string", format: "uuid" },
                  ticket: { type: "string" },
                  status: { type: "string", enum: [...REPORT_STATUSES] },
                  register_finding: { type: "string", enum: [...LISTING_FINDINGS] },
                  register_status: { type: ["string", "null"] },
                  flagged: { type: "boolean" },
                },
              },
            },
          },
        },
        "400": refused("A field is missing or wrong (error.field names it), or an unknown mark"),
        "413": refused("A screenshot or the body over the limit"),
        ...refusals("listings.report"),
      },
    },
  },
  "/api/v1/takedown-requests": {
    get: {
      summary: "Takedown requests regulators sent to the calling client (never another client's)",
      security,
      parameters: [
        {
          name: "status",
          in: "query",
          schema: { type: "string", enum: ["pending", "answered", "all"], default: "pending" },
        },
      ],
      responses: {
        "200": {
          description: "Requests, oldest first",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  takedown_requests: { type: "array", items: { $ref: "#/components/schemas/TakedownRequest" } },
                },
              },
            },
          },
        },
        ...refusals("takedowns"),
      },
    },
  },
  "/api/v1/takedown-requests/{id}/answer": {
    post: {
      summary: "Answer a takedown request once: removed, or refused with the reason",
      security,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }, lang],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["outcome"],
              properties: {
                outcome: { type: "string", enum: ["removed", "refused"] },
                note: { type: "string", maxLength: 2000, description: "Required when refused" },
              },
            },
          },
        },
      },
      responses: {
        "200": {
          description: "Answered",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  id: { type: "string", format: "uuid" },
                  status: { type: "string", enum: [...TAKEDOWN_STATUSES] },
                  answered_at: { type: "string", format: "date-time" },
                  note: { type: ["string", "null"] },
                },
              },
            },
          },
        },
        "400": refused("Bad JSON, or a refusal without its reason"),
        "404": refused("No such request for this client"),
        "409": refused("Already answered"),
        ...refusals("takedowns"),
      },
    },
  },
};

export const platformCaseSchemas = {
  ListingReport: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      ticket: { type: "string" },
      status: { type: "string", enum: [...REPORT_STATUSES] },
      outcome: { type: ["string", "null"] },
      mark: { type: "string" },
      shop_name: { type: "string" },
      seller_uscc: { type: ["string", "null"] },
      listing_url: { type: "string" },
      register_finding: { type: "string", enum: [...LISTING_FINDINGS] },
      register_status: { type: ["string", "null"] },
    },
  },
  TakedownRequest: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      status: { type: "string", enum: [...TAKEDOWN_STATUSES] },
      legal_basis: { type: "string", enum: [...TAKEDOWN_LEGAL_BASES], description: "The basis as a stable code" },
      legal_basis_text: {
        type: "object",
        description: "The legal basis in words, in each language (the act and article cited)",
        required: [...LANGS],
        properties: Object.fromEntries(LANGS.map((l) => [l, { type: "string" }])),
        example: Object.fromEntries(LANGS.map((l) => [l, translator(l)("takedown.basis.trademark_law_art57")])),
      },
      sent_by: {
        type: "object",
        description:
          "The authority that sent the request: the market-supervision office of this administrative division, where the sending regulator works",
        required: ["division_code", "division_name"],
        properties: {
          division_code: { type: "string", description: "GB/T 2260 division code, e.g. 430923" },
          division_name: { type: "string", description: "The division's full name, e.g. 湖南省益阳市安化县" },
        },
      },
      evidence: { type: "string" },
      requested_at: { type: "string", format: "date-time" },
      answered_at: { type: ["string", "null"], format: "date-time" },
      answer_note: { type: ["string", "null"] },
      case_ticket: { type: "string" },
      listing_url: { type: "string" },
      shop_name: { type: "string" },
      seller_uscc: { type: ["string", "null"] },
      mark: { type: "string" },
    },
  },
};
