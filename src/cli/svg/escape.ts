// Text into HTML/SVG: every character with a meaning in markup becomes an entity, so report
// text (finding messages say "<= 0") can never open a tag or end an attribute.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A coordinate for SVG attributes: at most 1 decimal, no "-0". */
export function px(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}
