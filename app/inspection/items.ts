/** What a double-random inspection of a mark's user checks (检查事项). */
export const INSPECTION_ITEMS = ["label_use", "label_records", "origin", "quality", "qualification"] as const;
export type InspectionItem = (typeof INSPECTION_ITEMS)[number];
