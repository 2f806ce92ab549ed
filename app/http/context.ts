declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request CSP nonce, made by the HTTP server and handed to entry.server. */
    cspNonce: string;
    /** The client's address as seen through the configured proxies. */
    clientIp: string;
  }
}
export {};
