/** What an API client may do (decision 047): one list, shared by the admin form and the API edge. */
export const API_SCOPES = ["registry.check", "webhooks", "listings.report", "takedowns"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Only a client that may receive webhooks is handed their signing secret: to any other it is noise. */
export const receivesWebhooks = (scopes: readonly string[]): boolean => scopes.includes("webhooks");
