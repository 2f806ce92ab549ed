import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RootDataFallback, ROOT_DATA_ELEMENT_ID } from "./root-data.ts";
import { PAGE_ACCOUNT_HEADER } from "./page-account.ts";

// The layout's data the server wrote into an error page it rendered without the root loader
// (decision 060); on every other page there is none.
const carried = document.getElementById(ROOT_DATA_ELEMENT_ID)?.textContent;
const fallback: unknown = carried ? JSON.parse(carried) : undefined;

// Each submission says which account the page was drawn for: a page left open while another
// account signed in elsewhere is refused rather than acting in a name nobody saw (page-account.ts).
const send = window.fetch.bind(window);
window.fetch = (input, init) => {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
  if (method === "GET" || method === "HEAD" || url.origin !== window.location.origin) return send(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set(PAGE_ACCOUNT_HEADER, encodeURIComponent(document.documentElement.dataset.account ?? ""));
  return send(input, { ...init, headers });
};

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RootDataFallback.Provider value={fallback}>
        <RemixBrowser />
      </RootDataFallback.Provider>
    </StrictMode>,
  );
});
