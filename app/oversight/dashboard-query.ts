import { z } from "zod";

/** `?mark=<slug>&chart=<name>` for the dashboard and its CSV downloads; bad values are ignored. */
export const dashboardQuery = z.object({
  mark: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/)
    .optional()
    .catch(undefined),
  chart: z.enum(["marks", "years", "months", "days"]).catch("marks").default("marks"),
});
