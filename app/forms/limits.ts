/**
 * The size limits of uploads, owned here so that the server that enforces them and the form that
 * warns before sending ask the same numbers (decisions 013 and 016; docs/operations.md, "Limits").
 */

/** The largest document or photo accepted, each file. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Anything a request may carry: a form with its files. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Room left in a request for its text fields and multipart framing. */
const FORM_ROOM_BYTES = 256 * 1024;

export type ChosenFilesProblem =
  | { key: "upload.fileTooLarge"; params: { name: string; size: string; limit: number } }
  | { key: "upload.filesTooLarge"; params: { size: string; limit: number } };

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** What is wrong with the files chosen in one input, before anything is sent; null when they fit. */
export function chosenFilesProblem(files: ReadonlyArray<{ name: string; size: number }>): ChosenFilesProblem | null {
  const big = files.find((f) => f.size > MAX_DOCUMENT_BYTES);
  if (big)
    return {
      key: "upload.fileTooLarge",
      params: { name: big.name.slice(0, 80), size: megabytes(big.size), limit: MAX_DOCUMENT_BYTES / (1024 * 1024) },
    };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_BODY_BYTES - FORM_ROOM_BYTES)
    return { key: "upload.filesTooLarge", params: { size: megabytes(total), limit: MAX_BODY_BYTES / (1024 * 1024) } };
  return null;
}
