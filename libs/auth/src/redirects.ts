/**
 * A return path from a `?next=` parameter, or `fallback` when it is not a plain path on this site:
 * absolute URLs, protocol-relative `//host`, backslash tricks and control characters are refused,
 * so a link can never send someone to another site after signing in.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next || next.length > 2048) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, "http://same-site.invalid");
    if (url.origin !== "http://same-site.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
