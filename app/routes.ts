import { type RouteConfig, type RouteConfigEntry } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

/**
 * File routes, and for every route that answers a `.csv` its `.xlsx` twin: the same module, so the
 * same permission and the same rows; its loader answers the format the path asks for
 * (`tableResponse` in app/spreadsheet/table-response.server.ts).
 */
function withXlsxTwins(entries: RouteConfigEntry[]): RouteConfigEntry[] {
  return entries.flatMap((entry) => {
    const children = entry.children ? withXlsxTwins(entry.children) : undefined;
    const own = { ...entry, ...(children ? { children } : {}) };
    if (!entry.path?.endsWith(".csv")) return [own];
    return [own, { ...own, id: `${entry.id ?? entry.file}.xlsx`, path: entry.path.replace(/\.csv$/, ".xlsx") }];
  });
}

export default flatRoutes().then(withXlsxTwins) satisfies RouteConfig;
