import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import type { FormFailure } from "#app/forms/form.ts";
import { FieldScope } from "./field-scope.tsx";

/**
 * One thing a person may do, as a card: a heading that names the act, words that explain it,
 * and a form that posts it. The card is a region named by its title (tests and screen readers
 * find it by that name); the submit button says the title unless told otherwise. Fields inside
 * share `idPrefix` and `failure` through FieldScope, so each field need not repeat them.
 */
export function ActionCard({
  title,
  hidden,
  explanation,
  children,
  submit,
  submitClassName = "primary",
  multipart,
  validate,
  heading = "h3",
  headingId,
  idPrefix,
  failure,
}: {
  title: string;
  /** Hidden inputs the action reads (intent, version, keys), in this order. */
  hidden?: Record<string, string | number>;
  /** What to know before acting: shown between the heading and the form. */
  explanation?: ReactNode;
  children?: ReactNode;
  /** The button's words; the title when left out. */
  submit?: string;
  submitClassName?: "primary" | "secondary";
  multipart?: boolean;
  /** Leave the browser's own checks on (off by default: the server's messages are the clearer). */
  validate?: boolean;
  /** `"none"`: the button alone names the act (a row of one-button cards). */
  heading?: "h2" | "h3" | "none";
  headingId?: string;
  idPrefix?: string;
  failure?: FormFailure | null;
}) {
  const Heading = heading === "none" ? null : heading;
  return (
    <section className="card" aria-label={title}>
      {Heading ? <Heading id={headingId}>{title}</Heading> : null}
      {explanation}
      <Form
        method="post"
        className="stack"
        encType={multipart ? "multipart/form-data" : undefined}
        noValidate={validate ? undefined : true}
      >
        {Object.entries(hidden ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <FieldScope value={{ idPrefix, failure }}>{children}</FieldScope>
        <div>
          <button className={submitClassName} type="submit">
            {submit ?? title}
          </button>
        </div>
      </Form>
    </section>
  );
}
