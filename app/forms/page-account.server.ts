import { DomainError } from "#app/errors.ts";
import { signedInInsteadOf } from "#app/page-account.ts";

/** A form from a page drawn for another account than the one signed in now: refused, input kept. */
export function assertPageAccount(request: Request, formData: FormData) {
  const now = signedInInsteadOf(request);
  if (now !== undefined) throw new DomainError("form.otherAccount", { status: 409, params: { now }, formData });
}
