import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";

/**
 * The root loader's data, for the layout. Remix runs no loader for a page whose action threw (a
 * refusal shown by the root error page), so the server renders that page with the same data
 * handed down here (entry.server.tsx), writes it into the page, and the browser reads it back
 * before it hydrates (entry.client.tsx). Decision 060.
 */
export const RootDataFallback = createContext<unknown>(undefined);

/** The element that carries the fallback to the browser (a JSON data block, never run). */
export const ROOT_DATA_ELEMENT_ID = "gi-root-data";

export function useRootData<T>(): T | undefined {
  // Remix gives null, not undefined, for a loader it did not run.
  const loaded = useRouteLoaderData<T>("root");
  const fallback = useContext(RootDataFallback) as T | undefined;
  return loaded ?? fallback;
}

/** The fallback as the page carries it: `<` escaped, so no value can close the element. */
export const rootDataJson = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");
