/**
 * Where the two e2e servers listen. E2E_PORT moves both (demo on it, production on the next
 * port), so two checkouts on one machine can run their suites side by side.
 */
export const DEMO_PORT = Number(process.env.E2E_PORT ?? 3210);
export const PRODUCTION_PORT = DEMO_PORT + 1;
export const DEMO_BASE = `http://localhost:${DEMO_PORT}`;
export const PRODUCTION_BASE = `http://localhost:${PRODUCTION_PORT}`;
