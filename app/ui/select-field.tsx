import type { ReactNode } from "react";
import type { FormFailure } from "#app/forms/form.ts";
import { useT } from "#app/i18n/use-t.ts";
import { FieldFrame, describedBy } from "./form-fields.tsx";

export function SelectField({
  name,
  label,
  failure,
  defaultValue,
  required,
  children,
  hint,
  idPrefix = "f",
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

export function FileField({
  name,
  label,
  failure,
  multiple,
  idPrefix = "f",
}: {
  name: string;
  label: string;
  failure?: FormFailure | null;
  multiple?: boolean;
  idPrefix?: string;
}) {
  const t = useT();
  const error = failure?.fieldErrors[name];
  const id = `${idPrefix}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        name={name}
        multiple={multiple}
        accept="application/pdf,image/jpeg,image/png"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <span className="error" id={`${id}-error`}>
          {t(error.key, error.params)}
        </span>
      ) : null}
    </div>
  );
}
