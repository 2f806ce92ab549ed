import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RootDataFallback, ROOT_DATA_ELEMENT_ID } from "./root-data.ts";

// The layout's data the server wrote into an error page it rendered without the root loader
// (decision 060); on every other page there is none.
const carried = document.getElementById(ROOT_DATA_ELEMENT_ID)?.textContent;
const fallback: unknown = carried ? JSON.parse(carried) : undefined;

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
