import { useEffect, useRef, type ReactNode } from "react";
import type { FieldMessage, FormFailure } from "#app/forms/form.ts";
import { useT } from "#app/i18n/use-t.ts";
import { useFieldScope } from "./field-scope.tsx";

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "password" | "tel" | "date" | "number" | "email";
  required?: boolean;
  autoComplete?: string;
  failure?: FormFailure | null;
  defaultValue?: string;
  inputMode?: "text" | "numeric" | "tel";
  maxLength?: number;
  /** Distinguishes ids when one page has several forms with the same field names. */
  idPrefix?: string;
  /**
   * A newer defaultValue (fresh loader data after a submission) replaces what is shown, unless the
   * user has typed over the old one meanwhile: what they typed is never thrown away.
   */
  followsDefault?: boolean;
};

/** Label, hint and error around one control, wired for screen readers (ids: `${id}-hint`, `${id}-error`). */
export function FieldFrame({
  id,
  label,
  hint,
  required,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  error?: FieldMessage;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children}
      {error ? (
        <span className="error" id={`${id}-error`}>
          {t(error.key, error.params)}
        </span>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, hint?: string, error?: FieldMessage): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** Label, hint and error wired to the input for screen readers; keeps what was typed. */
export function TextField({
  name,
  label,
  hint,
  type = "text",
  required,
  autoComplete,
  defaultValue,
  inputMode,
  maxLength,
  followsDefault,
  ...scoped
}: FieldProps) {
  const { idPrefix, failure } = useFieldScope(scoped.idPrefix, scoped.failure);
  const error = failure?.fieldErrors[name];
  const id = `${idPrefix}-${name}`;
  const value = type === "password" ? undefined : (failure?.values[name] ?? defaultValue);
  const input = useRef<HTMLInputElement>(null);
  const shown = useRef(value);
  useEffect(() => {
    if (!followsDefault) return;
    if (input.current && input.current.value === (shown.current ?? "")) input.current.value = value ?? "";
    shown.current = value;
  }, [followsDefault, value]);
  return (
    <FieldFrame id={id} label={label} hint={hint} required={required} error={error}>
      <input
        ref={input}
        id={id}
        name={name}
        type={type}
        required={required}
        autoComplete={autoComplete}
        defaultValue={value}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

/** Multi-line text with the same label, hint and error wiring as TextField. */
export function TextAreaField({
  name,
  label,
  hint,
  required,
  defaultValue,
  maxLength,
  rows = 4,
  ...scoped
}: Omit<FieldProps, "type" | "autoComplete" | "inputMode"> & { rows?: number }) {
  const { idPrefix, failure } = useFieldScope(scoped.idPrefix, scoped.failure);
  const error = failure?.fieldErrors[name];
  const id = `${idPrefix}-${name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} required={required} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        defaultValue={failure?.values[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

export function CheckboxField({
  name,
  label,
  defaultChecked,
  ...scoped
}: {
  name: string;
  label: string;
  failure?: FormFailure | null;
  defaultChecked?: boolean;
  idPrefix?: string;
}) {
  const { idPrefix, failure } = useFieldScope(scoped.idPrefix, scoped.failure);
  const checked = failure ? failure.values[name] === "on" : defaultChecked;
  return (
    <div className="check">
      <input id={`${idPrefix}-${name}`} type="checkbox" name={name} defaultChecked={checked} />
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
    </div>
  );
}

/** The summary at the top of a failed form: count and links to each field. */
export function ErrorSummary({
  failure,
  labels,
  idPrefix = "f",
}: {
  failure?: FormFailure | null;
  labels: Record<string, string>;
  idPrefix?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  // After a failed submit, move focus (and the screen) to the summary.
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  // A failure that only carries a notice (a kept file removed) has nothing to fix.
  if (!failure || (!failure.formError && !Object.keys(failure.fieldErrors).length)) return null;
  const entries = Object.entries(failure.fieldErrors);
  return (
    <div className="alert error" role="alert" tabIndex={-1} ref={ref}>
      {failure.formError ? (
        <>
          <p>{t(failure.formError.key, failure.formError.params)}</p>
          <MessageItems message={failure.formError} />
        </>
      ) : null}
      {entries.length ? (
        <>
          <p>{t("form.errorSummary", { count: entries.length })}</p>
          <ul>
            {entries.map(([name, message]) => (
              <li key={name}>
                {/* A field the page has no words for (a forged or hidden one) is never named by its raw name. */}
                {labels[name] ? (
                  <>
                    <a href={`#${idPrefix}-${name}`}>{labels[name]}</a>
                    {t("punct.colon")}
                  </>
                ) : null}
                {t(message.key, message.params)}
                <MessageItems message={message} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The lines a message lists under it (FieldMessage.items), if any. */
export function MessageItems({ message }: { message: FieldMessage }) {
  const t = useT();
  if (!message.items?.length) return null;
  return (
    <ul>
      {message.items.map((item, i) => (
        <li key={i}>{t(item.key, item.params)}</li>
      ))}
    </ul>
  );
}

export function Message({
  tone,
  message,
  children,
}: {
  tone: "ok" | "warn" | "error";
  message?: FieldMessage;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <div className={`alert ${tone}`} role={tone === "error" ? "alert" : "status"}>
      {message ? t(message.key, message.params) : children}
    </div>
  );
}

/** A group of checkboxes sharing one name, in a fieldset with its legend and error. */
export function CheckboxGroup({
  name,
  legend,
  options,
  failure,
  defaultChecked = [],
  hint,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  failure?: FormFailure | null;
  defaultChecked?: string[];
  hint?: string;
}) {
  const t = useT();
  const error = failure?.fieldErrors[name];
  const checked = new Set(failure ? (failure.values[name] ?? "").split(",").filter(Boolean) : defaultChecked);
  return (
    <fieldset className="field" id={`f-${name}`} aria-describedby={describedBy(`f-${name}`, hint, error)}>
      <legend>{legend}</legend>
      {hint ? (
        <span className="hint" id={`f-${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {options.map((o) => (
        <div className="check" key={o.value}>
          <input
            id={`f-${name}-${o.value}`}
            type="checkbox"
            name={name}
            value={o.value}
            defaultChecked={checked.has(o.value)}
          />
          <label htmlFor={`f-${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      {error ? (
        <span className="error" id={`f-${name}-error`}>
          {t(error.key, error.params)}
        </span>
      ) : null}
    </fieldset>
  );
}
