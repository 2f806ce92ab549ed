import pkg from "../../package.json" with { type: "json" };
import { REGISTER_ANSWER_STATUSES } from "#app/authorization/register.server.ts";
import { LANGS } from "#app/i18n/i18n.ts";
import { clientPaths, clientSchemas, clientSecuritySchemes } from "./openapi-clients.ts";
import { platformCasePaths, platformCaseSchemas } from "./openapi-platform-cases.ts";
import { CODE_PROBLEMS } from "#app/label-code/code.ts";
import { VOID_REASONS } from "#app/label/void-reasons.ts";
import { AUTHORIZATION_ROUTES, EXIT_REASONS, LABEL_STATUSES, MARK_KINDS, VERDICTS } from "#db/schema.ts";

// Every enum below is the runtime list its values come from: the schema cannot drift from the code.
const statusEnum = [...REGISTER_ANSWER_STATUSES];
const error = { $ref: "#/components/schemas/Error" };

/** The public API, described for e-commerce platforms and apps. Kept beside the routes it describes. */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "GI Mark Registry public API · 地理标志专用标志公开接口",
      version: pkg.version,
      description:
        "Read-only public data (open to all): marks, their authorized users, and whether an enterprise was authorized on a date. Registered clients (platforms) use a bearer token (security scheme clientToken), each call within the scopes an administrator granted: check sellers in bulk (registry.check), subscribe to register changes (webhooks), report suspicious listings to the competent county (listings.report), and receive and answer the takedown requests regulators send them (takedowns).",
    },
    servers: [{ url: "/" }],
    paths: {
      "/api/v1/verify/{code}": {
        get: {
          summary: "Verify a label code: the same verdict as the scan page (counts as one check)",
          description:
            "Forgiving of case, spaces, hyphens and full-width characters. Unknown and malformed codes are answered after the same delay. Rate-limited per client network (429 with Retry-After, error code rate_limited). Past the network's limit of unknown or malformed codes, only those answers are refused (429, error code unknown_codes_limited); codes that exist are still answered. Nothing about the people who checked is ever returned.",
          parameters: [
            {
              name: "code",
              in: "path",
              required: true,
              schema: { type: "string", maxLength: 64 },
              example: "727T-7GCM-QKX6-PX8M-HGVG-99RV-X0Y",
            },
          ],
          responses: {
            "200": {
              description: "A verdict (including not_found and invalid)",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Verdict" } } },
            },
            "429": {
              description:
                "Too many checks from this network (rate_limited), or too many unknown codes and this one is not a label (unknown_codes_limited)",
              headers: { "Retry-After": { schema: { type: "integer" } } },
              content: { "application/json": { schema: error } },
            },
            "503": {
              description: "Temporarily unable to check; try again",
              headers: { "Retry-After": { schema: { type: "integer" } } },
              content: { "application/json": { schema: error } },
            },
          },
        },
      },
      "/api/v1/verify/{code}/proof": {
        get: {
          summary: "Proof from the public log that this label was issued (RFC 6962 inclusion, C2SP checkpoint)",
          description:
            "checkpoint: the signed note (C2SP tlog-checkpoint, with any witness cosignatures). leaf: base64 of the order's log entry (RFC 8785 JSON, type gi.label-order.issued), whose codesRoot equals batch.root. inclusion: the RFC 6962/9162 path of entry leafIndex in the tree of treeSize leaves. batch.path: the path of the label's 16-byte code (leaf index batch.index in serial order) to batch.root. Does not count as a scan.",
          parameters: [{ name: "code", in: "path", required: true, schema: { type: "string", maxLength: 64 } }],
          responses: {
            "200": {
              description: "The proof",
              content: { "application/json": { schema: { $ref: "#/components/schemas/LabelProof" } } },
            },
            "400": {
              description: "Not a well-formed code (invalid_code)",
              content: { "application/json": { schema: error } },
            },
            "404": {
              description: "No such label (not_found), or its order is not yet in a checkpoint (not_yet_logged)",
              content: { "application/json": { schema: error } },
            },
          },
        },
      },
      "/api/v1/log/consistency": {
        get: {
          summary: "RFC 6962 consistency proof between two sizes of the public log",
          parameters: [
            { name: "from", in: "query", required: true, schema: { type: "integer", minimum: 0 } },
            { name: "to", in: "query", required: true, schema: { type: "integer", minimum: 0 } },
          ],
          responses: {
            "200": {
              description: "Base64 hashes in RFC 6962/9162 order (empty when from is 0 or equals to)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["proof"],
                    properties: { proof: { type: "array", items: { type: "string", format: "byte" } } },
                  },
                },
              },
            },
            "400": {
              description: "from > to, or to beyond the latest checkpoint (invalid_range)",
              content: { "application/json": { schema: error } },
            },
          },
        },
      },
      "/api/v1/marks": {
        get: {
          summary: "Marks managed in this registry",
          responses: {
            "200": {
              description: "Marks",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { items: { type: "array", items: { $ref: "#/components/schemas/Mark" } } },
                  },
                },
              },
            },
          },
        },
      },
      "/api/v1/marks/{slug}/users": {
        get: {
          summary: "Authorized users of a mark (current first), paginated",
          parameters: [
            { name: "slug", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9-]{2,64}$" } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            {
              name: "q",
              in: "query",
              description: "Name fragment or full credit code",
              schema: { type: "string", maxLength: 100 },
            },
          ],
          responses: {
            "200": {
              description: "A page of users",
              content: { "application/json": { schema: { $ref: "#/components/schemas/UserPage" } } },
            },
            "400": { description: "Invalid parameters", content: { "application/json": { schema: error } } },
            "404": { description: "No such mark", content: { "application/json": { schema: error } } },
          },
        },
      },
      "/api/v1/registry/authorizations": {
        get: {
          summary: "Was enterprise X authorized for mark Y on date D?",
          parameters: [
            {
              name: "uscc",
              in: "query",
              required: true,
              description: "Unified social credit code (GB 32100); lowercase, spaces and full-width accepted",
              schema: { type: "string" },
            },
            { name: "mark", in: "query", required: true, description: "Mark slug", schema: { type: "string" } },
            { name: "date", in: "query", required: true, schema: { type: "string", format: "date" } },
            {
              name: "lang",
              in: "query",
              description: "Language of error messages",
              schema: { type: "string", enum: [...LANGS] },
            },
          ],
          responses: {
            "200": {
              description: "The answer",
              content: { "application/json": { schema: { $ref: "#/components/schemas/AuthorizedOn" } } },
            },
            "400": {
              description: "Invalid parameters (e.g. wrong check character)",
              content: { "application/json": { schema: error } },
            },
          },
        },
      },
      ...clientPaths,
      ...platformCasePaths,
    },
    components: {
      securitySchemes: clientSecuritySchemes,
      schemas: {
        ...clientSchemas,
        ...platformCaseSchemas,
        LabelProof: {
          type: "object",
          required: ["checkpoint", "leafIndex", "treeSize", "leaf", "inclusion", "batch"],
          properties: {
            checkpoint: { type: "string", description: "C2SP signed note: origin, size, base64 root, signatures" },
            leafIndex: { type: "integer" },
            treeSize: { type: "integer" },
            leaf: { type: "string", format: "byte" },
            inclusion: { type: "array", items: { type: "string", format: "byte" } },
            batch: {
              type: "object",
              required: ["index", "size", "root", "path"],
              properties: {
                index: { type: "integer" },
                size: { type: "integer" },
                root: { type: "string", format: "byte" },
                path: { type: "array", items: { type: "string", format: "byte" } },
              },
            },
          },
        },
        Verdict: {
          type: "object",
          required: ["verdict", "code", "scans", "suspicious"],
          properties: {
            verdict: {
              type: "string",
              enum: [...VERDICTS],
            },
            code: { type: ["string", "null"], description: "Canonical 27-character code when well formed" },
            formattedCode: { type: ["string", "null"] },
            problem: { type: ["string", "null"], enum: [...CODE_PROBLEMS, null] },
            scans: {
              type: ["object", "null"],
              properties: {
                count: { type: "integer", description: "This check's number" },
                firstScannedAt: { type: "string", format: "date-time" },
              },
            },
            suspicious: { type: "boolean", description: "Checked more often than the mark's threshold" },
            warnThreshold: { type: "integer" },
            mark: {
              type: ["object", "null"],
              properties: {
                slug: { type: "string" },
                name: { type: "string" },
                kind: { type: "string" },
                supervisingAuthority: { type: ["string", "null"], description: "Who supervises the mark's use" },
                hotline: { type: ["string", "null"], description: "The authority's public hotline" },
              },
            },
            label: {
              type: ["object", "null"],
              description: "The label's own state and the day (Beijing time) of its last step",
              properties: {
                status: { type: "string", enum: [...LABEL_STATUSES] },
                changedOn: { type: "string", format: "date" },
                voidReason: { type: ["string", "null"], enum: [...VOID_REASONS, null] },
              },
            },
            enterprise: {
              type: ["object", "null"],
              properties: {
                id: { type: "string" },
                name: { type: "string" },
                uscc: { type: "string" },
                registerUrl: { type: "string" },
              },
            },
            authorization: {
              type: ["object", "null"],
              properties: {
                status: { type: "string" },
                activeFrom: { type: ["string", "null"], format: "date" },
                exitedOn: { type: ["string", "null"], format: "date" },
                exitReason: { type: ["string", "null"], enum: [...EXIT_REASONS, null] },
                entryAnnouncement: { type: ["string", "null"] },
                exitAnnouncement: { type: ["string", "null"] },
                suspendedOn: { type: ["string", "null"], format: "date", description: "While suspended: since when" },
              },
            },
            product: {
              type: ["object", "null"],
              properties: {
                name: { type: "string" },
                specification: { type: ["string", "null"] },
                batchNo: { type: "string" },
                productionDate: { type: "string", format: "date" },
              },
            },
          },
        },
        Mark: {
          type: "object",
          properties: {
            slug: { type: "string" },
            name: { type: "string" },
            kind: { type: "string", enum: [...MARK_KINDS] },
            division: { type: "string" },
            targetUsers: { type: ["integer", "null"] },
            targetYear: { type: ["integer", "null"] },
          },
        },
        UserPage: {
          type: "object",
          properties: {
            page: { type: "integer" },
            pageSize: { type: "integer" },
            total: { type: "integer" },
            items: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  enterprise: { type: "string" },
                  uscc: { type: "string" },
                  status: { type: "string", enum: statusEnum },
                  route: { type: "string", enum: [...AUTHORIZATION_ROUTES] },
                  since: { type: ["string", "null"], format: "date" },
                  until: { type: ["string", "null"], format: "date" },
                  exitReason: { type: ["string", "null"], enum: [...EXIT_REASONS, null] },
                  announcement: { type: ["string", "null"] },
                  exitAnnouncement: { type: ["string", "null"] },
                },
              },
            },
          },
        },
        AuthorizedOn: {
          type: "object",
          required: ["authorized", "status", "since", "until", "announcement"],
          properties: {
            authorized: { type: "boolean" },
            status: { type: "string", enum: statusEnum },
            since: { type: ["string", "null"], format: "date" },
            until: { type: ["string", "null"], format: "date" },
            announcement: { type: ["string", "null"] },
          },
        },
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: {
                code: { type: "string" },
                issues: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: { field: { type: "string" }, code: { type: "string" }, message: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
