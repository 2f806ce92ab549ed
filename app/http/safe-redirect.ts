const PROBE = "http://x.invalid";

/**
 * The one rule for redirects that take a target from the user (sign-in, language): only a path
 * on this site, judged the way a browser will read it. Browsers drop tabs and line breaks from a
 * URL and read \ as /, so "/\t/evil", "/\\evil" and "//evil" all lead elsewhere; a target with
 * any of those, an encoded / or \ at the start of the path, or one that resolves to another
 * origin, gives `fallback`. What comes back is the parsed, percent-encoded form, so it is always
 * a valid Location header.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE || /^\/(%2f|%5c)/i.test(url.pathname)) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Once more as a browser would read the result: it must still be a path on this site.
  return new URL(path, PROBE).origin === PROBE && path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
