import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "#app/errors.ts";
import { parseForm } from "./form.ts";
import { domainFailure } from "./form.server.ts";

/** A form as read: urlencoded (readForm) or with its files (readMultipart). */
type ReadForm = FormData | { formData: FormData };

/**
 * The one shape of a form action (decision 049). `run` parses the form (formInput) and makes the
 * domain call; it answers with a path — the redirect, whose query names the success message the
 * page already shows — or with data for the page (a confirmation step, a result to show). A
 * DomainError thrown while reading, parsing or acting becomes the page's data: its message in the
 * user's language, the user's input kept, its status. Any other throw (a sign-in redirect, a 404,
 * a bug) passes through untouched.
 */
export async function formAction<F extends ReadForm, R>(form: F | Promise<F>, run: (form: F) => Promise<R>) {
  let formData: FormData | undefined;
  let outcome: R;
  try {
    const read = await form;
    formData = read instanceof FormData ? read : read.formData;
    outcome = await run(read);
  } catch (error) {
    return domainFailure(error, formData ?? new FormData());
  }
  if (typeof outcome === "string") throw redirect(outcome);
  return outcome as Exclude<R, string>;
}

/**
 * The form's text fields parsed by `schema` (fields named in `multi` arrive as arrays); a form
 * that does not parse is refused with each field's message, answered 400 by formAction.
 */
export function formInput<S extends z.ZodTypeAny>(
  formData: FormData,
  schema: S,
  options: { multi?: readonly string[] } = {},
): z.infer<S> {
  const parsed = parseForm(formData, schema, options);
  if (!parsed.ok) throw new DomainError("form.invalid", { fieldErrors: parsed.fieldErrors });
  return parsed.data;
}
