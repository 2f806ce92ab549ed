import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";

/**
 * The browser gets one language's messages from /i18n/<lang>.<hash>.js (decision 033), so the
 * client build swaps the module holding both catalogs for one that reads them from that script.
 */
function oneLanguageInTheBrowser(): Plugin {
  const both = fileURLToPath(new URL("./app/i18n/catalogs.ts", import.meta.url));
  const one = fileURLToPath(new URL("./app/i18n/catalogs.client.ts", import.meta.url));
  return {
    name: "gi-one-language-in-the-browser",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (options?.ssr || !importer || !source.endsWith("catalogs.ts")) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === both ? one : null;
    },
  };
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    oneLanguageInTheBrowser(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  build: { target: "es2020" },
  server: { port: 3000 },
});
