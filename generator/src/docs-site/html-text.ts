/**
 * The one escaping layer of the HTML site: every text from a definition (names, descriptions,
 * expressions, paths) reaches a page through these functions, since the templates render
 * with `noEscape`.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe as HTML or SVG element content and inside a quoted attribute. */
export function html(text: string | number | bigint): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A fragment id made from a name: lower case, runs of other characters as one `-`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/**
 * JSON made safe inside an inline `<script>`: `<`, `>`, `&` and the JavaScript line
 * separators escaped, so no text from a definition can end the script element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
