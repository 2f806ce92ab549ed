import { securityTxt } from "#app/operator/operator.server.ts";

/** RFC 9116: where to report a security problem; the contact comes from configuration (OPERATOR_CONTACT). */
export function loader() {
  return new Response(securityTxt(), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
