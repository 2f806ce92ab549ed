import { z } from "zod";
import { parseUscc } from "./uscc.ts";

/** Form field: normalises and checks the credit code, reporting the exact problem. */
export const usccField = () =>
  z
    .string({ required_error: "uscc.empty" })
    .max(64, "uscc.length|length=64")
    .superRefine((value, ctx) => {
      const parsed = parseUscc(value);
      if (!parsed.ok) {
        const params = new URLSearchParams({
          position: String(parsed.position ?? 0),
          length: String(parsed.code.length),
        });
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `uscc.${parsed.problem}|${params}` });
      }
    });
