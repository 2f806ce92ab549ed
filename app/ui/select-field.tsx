import { useEffect, useRef, useState, type ReactNode } from "react";
import type { FormFailure } from "#app/forms/form.ts";
import { chosenFilesProblem, MAX_DOCUMENT_BYTES, type ChosenFilesProblem } from "#app/forms/limits.ts";
import { useT } from "#app/i18n/use-t.ts";
import { FieldFrame, describedBy } from "./form-fields.tsx";
import { useFieldScope } from "./field-scope.tsx";

export function SelectField({
  name,
  label,
  defaultValue,
  required,
  children,
  hint,
  ...scoped
}: {
  name: string;
  label: string;
  failure?: FormFailure | null;
  defaultValue?: string;
  required?: boolean;
  children: ReactNode;
  hint?: string;
  /** Distinguishes ids when one page has several forms with the same field names. */
  idPrefix?: string;
}) {
  const { idPrefix, failure } = useFieldScope(scoped.idPrefix, scoped.failure);
  const error = failure?.fieldErrors[name];
  const id = `${idPrefix}-${name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} required={required} error={error}>
      <select
        id={id}
        name={name}
        required={required}
        defaultValue={failure?.values[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** What a document field takes; photos take images only. */
const ACCEPTS = { document: "application/pdf,image/jpeg,image/png", image: "image/jpeg,image/png" } as const;

export function FileField({
  name,
  label,
  multiple,
  kind = "document",
  ...scoped
}: {
  name: string;
  label: string;
  failure?: FormFailure | null;
  multiple?: boolean;
  idPrefix?: string;
  /** "image" where the server takes only photos (its label says JPEG or PNG). */
  kind?: keyof typeof ACCEPTS;
}) {
  const t = useT();
  const { idPrefix, failure } = useFieldScope(scoped.idPrefix, scoped.failure);
  // Files over the server's limits are turned away as they are chosen (with JavaScript), so the
  // form is never sent only to be refused with 413 and lose what was typed beside them.
  const [tooLarge, setTooLarge] = useState<ChosenFilesProblem | null>(null);
  const error = tooLarge ?? failure?.fieldErrors[name];
  const id = `${idPrefix}-${name}`;
  const ref = useRef<HTMLInputElement>(null);
  // A form that keeps files (upload-draft.server.ts) lists what the server received: the input
  // starts empty again, as it does without JavaScript, so no file is sent twice.
  useEffect(() => {
    if (failure?.kept && ref.current) ref.current.value = "";
  }, [failure]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        type="file"
        name={name}
        multiple={multiple}
        accept={ACCEPTS[kind]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          const input = event.currentTarget;
          const chosen = [...(input.files ?? [])];
          const problem = chosenFilesProblem(chosen);
          setTooLarge(problem);
          if (!problem) return;
          // A file over the per-file limit is taken out; the others stay chosen.
          const keep = problem.key === "upload.fileTooLarge" ? chosen.filter((f) => f.size <= MAX_DOCUMENT_BYTES) : [];
          const list = new DataTransfer();
          for (const file of keep) list.items.add(file);
          input.files = list.files;
          if (keep.length && chosenFilesProblem(keep)) input.value = "";
        }}
      />
      {error ? (
        <span className="error" id={`${id}-error`} role={tooLarge ? "alert" : undefined}>
          {t(error.key, error.params)}
        </span>
      ) : null}
    </div>
  );
}
