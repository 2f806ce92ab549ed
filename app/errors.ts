import type { MessageKey, Params } from "./i18n/i18n.ts";
import type { FieldMessage } from "./forms/form.ts";

/**
 * The one domain error. Domain modules throw it; only the route edge turns it into an
 * HTTP status and a message in the user's language.
 */
export class DomainError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly options: {
      params?: Params;
      /** Lines the message lists under it (FieldMessage.items). */
      items?: FieldMessage[];
      field?: string;
      /** A form that did not parse: one message per field (no message for the whole form). */
      fieldErrors?: Record<string, FieldMessage>;
      status?: number;
      retryAfter?: number;
      /** What the refused form carried, when the refusal came while reading it: kept for the user. */
      formData?: FormData;
    } = {},
  ) {
    super(key);
    this.name = "DomainError";
  }
  get status() {
    return this.options.status ?? 400;
  }
}
