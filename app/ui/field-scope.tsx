import { createContext, useContext } from "react";
import type { FormFailure } from "#app/forms/form.ts";

type Scope = { idPrefix?: string; failure?: FormFailure | null };

const FieldScopeContext = createContext<Scope>({});

/**
 * The id prefix and failed submission that every field inside one form shares, so a card with
 * several fields says them once (ActionCard sets it). A field's own props still win.
 */
export const FieldScope = FieldScopeContext.Provider;

export function useFieldScope(idPrefix: string | undefined, failure: FormFailure | null | undefined) {
  const scope = useContext(FieldScopeContext);
  return {
    idPrefix: idPrefix ?? scope.idPrefix ?? "f",
    failure: failure === undefined ? scope.failure : failure,
  };
}
