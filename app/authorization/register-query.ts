import { z } from "zod";
import { field } from "#app/forms/form.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";
import { ALL_STATUSES } from "./lifecycle.ts";

/** Query-string parameters of the public register, validated at the edge. */
export const registerQuerySchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  status: z
    .enum(ALL_STATUSES as [string, ...string[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const authorizedOnQuerySchema = z.object({
  uscc: z.string({ required_error: "uscc.empty" }).transform((s, ctx) => {
    const parsed = parseUscc(s);
    if (!parsed.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `uscc.${parsed.problem}` });
      return z.NEVER;
    }
    return parsed.code;
  }),
  mark: z.string({ required_error: "form.required" }).regex(/^[a-z0-9-]{2,64}$/, "form.invalid"),
  date: field.date(),
});
