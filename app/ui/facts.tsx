import type { ReactNode } from "react";

/** A record's facts as label/value pairs (`dl.facts`): one column on a phone, two on a wide screen. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

/** One fact; `className` styles the value (e.g. "code" for a credit code or a serial). */
export function Fact({ label, className, children }: { label: ReactNode; className?: string; children?: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={className}>{children}</dd>
    </>
  );
}
