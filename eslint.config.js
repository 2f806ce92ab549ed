import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Competence has one owner (decision 015): only scope.server.ts builds division patterns.
const divisionRules = [
  {
    name: "#app/division/division.server.ts",
    importNames: ["divisionPrefix"],
    message: "Ask app/accounts/scope.server.ts (a visibility expression, coversDivision, divisionCovers).",
  },
  {
    name: "#app/accounts/scope.server.ts",
    importNames: ["divisionPattern", "patternWithin"],
    message: "Use a visibility expression from scope.server.ts instead of building a LIKE pattern.",
  },
];

export default tseslint.config(
  { ignores: ["build/**", "data/**", "node_modules/**", "test-results/**", "playwright-report/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-control-regex": "off",
    },
  },
  {
    // Migrations are frozen against Kysely<any> on purpose (Kysely's migration guide).
    files: ["db/migrations/**", "db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["app/**", "scripts/**"],
    ignores: ["app/accounts/scope.server.ts", "app/division/**"],
    rules: { "no-restricted-imports": ["error", { paths: divisionRules }] },
  },
  {
    // Routes must not reach the database directly: SQL lives in domain modules.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...divisionRules,
            { name: "kysely", message: "Routes are thin: put queries in a domain module (*.server.ts)." },
            {
              name: "#app/document/document.server.ts",
              importNames: ["transactionWithDocuments"],
              message:
                "Pass the upload to the domain function: it stores it after its permission check (decision 016).",
            },
          ],
        },
      ],
    },
  },
);
