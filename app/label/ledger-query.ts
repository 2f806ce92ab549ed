import { z } from "zod";

export const ledgerQuery = z.object({ by: z.enum(["order", "enterprise", "division"]).catch("enterprise") });
export const FIGURES = [
  "approved",
  "issued",
  "printed",
  "spoiled",
  "received",
  "collected",
  "voided",
  "inStock",
] as const;
