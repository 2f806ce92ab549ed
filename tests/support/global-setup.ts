import { ensurePgliteTemplate, ensurePostgresTemplate } from "./test-template.ts";

/** Builds the template database once before the test files start (they would otherwise race to). */
export default async function setup() {
  if (process.env.TEST_BACKEND === "postgres" && process.env.TEST_DATABASE_URL) {
    await ensurePostgresTemplate(process.env.TEST_DATABASE_URL);
  } else {
    await ensurePgliteTemplate();
  }
}
