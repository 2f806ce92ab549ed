/** What an API client may do (decision 047): one list, shared by the admin form and the API edge. */
export const API_SCOPES = ["registry.check", "webhooks", "listings.report", "takedowns"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
