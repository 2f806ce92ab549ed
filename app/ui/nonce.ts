import { createContext, useContext } from "react";

/** Server render gets the nonce from RemixServer; in the browser it is not needed again. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
