import { REGISTER_ANSWER_STATUSES } from "#app/authorization/register.server.ts";
import { MAX_CHECK_BYTES, MAX_CHECK_ROWS } from "#app/api-client/bulk-check.server.ts";
import { WEBHOOK_EVENT_TYPES } from "#app/api-client/event-types.ts";
import { API_SCOPES } from "#app/api-client/scopes.ts";
import { LANGS } from "#app/i18n/i18n.ts";

// The client API (decision 047): endpoints that need a registered client's bearer token. The pieces
// every client endpoint's description shares are exported for the other client rooms' paths.
const error = { $ref: "#/components/schemas/ClientError" };
export const security = [{ clientToken: [] }];
/** A refusal answered with the client API's JSON error. */
export const refused = (description: string) => ({ description, content: { "application/json": { schema: error } } });
export const lang = {
  name: "lang",
  in: "query",
  description: "Language of messages",
  schema: { type: "string", enum: [...LANGS] },
};
/** What every client endpoint may answer before it acts: no token, no scope, over the limit. */
export const refusals = (scope: string) => ({
  "401": {
    description: "No token, or an unknown, rotated or revoked one",
    headers: { "WWW-Authenticate": { schema: { type: "string" } } },
    content: { "application/json": { schema: error } },
  },
  "403": refused(`The client lacks the ${scope} scope`),
  "429": {
    description: "Over the client's calls per minute",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: { "application/json": { schema: error } },
  },
});

export const clientSecuritySchemes = {
  clientToken: {
    type: "http",
    scheme: "bearer",
    description: `A token an administrator issues to a registered client (shown once; scopes: ${API_SCOPES.join(", ")}). Calls are rate limited and counted per client.`,
  },
};

export const clientPaths = {
  "/api/v1/registry/checks": {
    post: {
      summary: `Bulk seller check: up to ${MAX_CHECK_ROWS} (USCC, mark, date) rows, answered per row`,
      description: `One query for all rows; answers keep the order asked. A row with a malformed USCC (e.g. a wrong check character), an unknown mark or a bad date is answered with valid=false and the reason, never dropped. A row without a date is asked about today (Asia/Shanghai). Send JSON {"rows":[…]} or NDJSON (one row a line, Content-Type application/x-ndjson); the answer streams as JSON, or as NDJSON when asked for (Accept) or sent. At most ${MAX_CHECK_BYTES} bytes.`,
      security,
      parameters: [lang],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["rows"],
              properties: {
                rows: { type: "array", maxItems: MAX_CHECK_ROWS, items: { $ref: "#/components/schemas/CheckRow" } },
              },
            },
          },
          "application/x-ndjson": { schema: { $ref: "#/components/schemas/CheckRow" } },
        },
      },
      responses: {
        "200": {
          description: "Every row answered, in order",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  count: { type: "integer" },
                  results: { type: "array", items: { $ref: "#/components/schemas/CheckAnswer" } },
                },
              },
            },
            "application/x-ndjson": { schema: { $ref: "#/components/schemas/CheckAnswer" } },
          },
        },
        "400": refused("Not JSON, no rows, or too many rows"),
        "413": refused("Body over the limit"),
        ...refusals("registry.check"),
      },
    },
  },
  "/api/v1/webhooks/subscriptions": {
    get: {
      summary: "The calling client's own subscriptions",
      security,
      responses: {
        "200": {
          description: "Subscriptions",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { subscriptions: { type: "array", items: { $ref: "#/components/schemas/Subscription" } } },
              },
            },
          },
        },
        ...refusals("webhooks"),
      },
    },
    post: {
      summary: "Subscribe to register changes of one mark, or of every mark the client may see",
      description: `Events: ${WEBHOOK_EVENT_TYPES.join(", ")}. Each is POSTed as JSON {id, type, timestamp, data}, signed per Standard Webhooks: headers webhook-id (the event id, the same on every retry: de-duplicate by it), webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed with the base64 part of the client's whsec_ secret. Any 2xx is success; otherwise it is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then given up (the administrator sees it).`,
      security,
      parameters: [lang],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["url"],
              properties: {
                url: {
                  type: "string",
                  format: "uri",
                  description:
                    "https:// to a public address: loopback, private, link-local and CGNAT addresses are refused, also when a name resolves to one at delivery; redirects are not followed (http://localhost only in demo mode)",
                },
                mark: { type: ["string", "null"], description: "Mark slug; omitted: every mark in the client's scope" },
              },
            },
          },
        },
      },
      responses: {
        "201": {
          description: "Subscribed",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Subscription" } } },
        },
        "400": refused("Bad URL or unknown mark"),
        "409": refused("The client already has 20 live subscriptions"),
        ...refusals("webhooks"),
      },
    },
  },
  "/api/v1/webhooks/subscriptions/{id}/remove": {
    post: {
      summary: "Remove one of the client's own subscriptions (another client's is not found)",
      security,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      responses: {
        "200": { description: "Removed" },
        "404": refused("No such subscription of this client"),
        ...refusals("webhooks"),
      },
    },
  },
  "/api/v1/webhooks/replay": {
    post: {
      summary: "Deliver again every event after an id that the client's subscriptions cover",
      security,
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["since"],
              properties: { since: { type: "string", example: "evt_120" } },
            },
          },
        },
      },
      responses: {
        "202": {
          description: "Queued: at most 100 events a call; while more remain, replay again from continue_after",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  queued: { type: "integer" },
                  continue_after: { type: "string", nullable: true, example: "evt_220" },
                },
              },
            },
          },
        },
        "400": refused("Malformed event id"),
        ...refusals("webhooks"),
      },
    },
  },
};

export const clientSchemas = {
  CheckRow: {
    type: "object",
    properties: {
      uscc: { type: "string" },
      mark: { type: "string", description: "Mark slug" },
      date: { type: "string", format: "date" },
    },
  },
  CheckAnswer: {
    type: "object",
    required: ["row", "valid"],
    properties: {
      row: { type: "integer", description: "1-based position in the request" },
      valid: { type: "boolean" },
      uscc: { type: ["string", "null"] },
      mark: { type: ["string", "null"] },
      date: { type: ["string", "null"], format: "date" },
      authorized: { type: "boolean" },
      status: { type: "string", enum: [...REGISTER_ANSWER_STATUSES] },
      since: { type: ["string", "null"], format: "date" },
      until: { type: ["string", "null"], format: "date" },
      announcement: { type: ["string", "null"], description: "Entry announcement number" },
      exit_announcement: { type: ["string", "null"] },
      register_url: { type: "string", format: "uri", description: "The public register page to show a buyer" },
      error: {
        type: "object",
        description: "Only when valid=false",
        properties: { code: { type: "string" }, message: { type: "string" } },
      },
    },
  },
  Subscription: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      url: { type: "string" },
      mark: { type: ["string", "null"] },
    },
  },
  WebhookEvent: {
    type: "object",
    properties: {
      id: { type: "string", example: "evt_120" },
      type: { type: "string", enum: [...WEBHOOK_EVENT_TYPES] },
      timestamp: { type: "string", format: "date-time" },
      data: {
        type: "object",
        properties: {
          authorization_id: { type: "string", format: "uuid" },
          mark: { type: "string" },
          uscc: { type: "string" },
          enterprise_name: { type: "string" },
          previous_name: { type: "string" },
          from_status: { type: ["string", "null"] },
          status: { type: "string" },
          effective_on: { type: "string", format: "date" },
          announcement: { type: ["string", "null"] },
        },
      },
    },
  },
  ClientError: {
    type: "object",
    properties: {
      error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
    },
  },
};
