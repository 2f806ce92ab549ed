// Boot: choose the React build before anything imports React, then start the app.
const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";

const { startServer } = await import("./app/http/server.server.ts");
await startServer({ dev });
export {};
