// A small well-formedness check for the HTML report (tests only): every tag closed in order,
// void elements only where HTML allows them, no stray "<" or ">" in text, "&" only in entities.
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

export interface MarkupCheck {
  ok: boolean;
  problems: string[];
  /** How many times each element occurs. */
  counts: Map<string, number>;
}

export function checkMarkup(html: string): MarkupCheck {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  const stack: string[] = [];
  const token = /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/gi;
  let last = 0;
  const text = (t: string): void => {
    if (/[<>]/.test(t)) problems.push(`stray < or > in text near '${t.trim().slice(0, 60)}'`);
    const amp = t.match(/&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)/);
    if (amp) problems.push(`bare & in text near '${t.slice(Math.max(0, amp.index! - 20), amp.index! + 20)}'`);
  };
  for (let m = token.exec(html); m; m = token.exec(html)) {
    text(html.slice(last, m.index));
    last = token.lastIndex;
    if (m[2] === undefined) continue; // comment or doctype
    const [, closing, rawName, attrs, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (name === 'style') {
      // CSS is raw text up to </style>.
      const end = html.indexOf('</style>', token.lastIndex);
      if (end < 0) problems.push('unclosed <style>');
      token.lastIndex = end < 0 ? html.length : end + '</style>'.length;
      last = token.lastIndex;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      continue;
    }
    if (attrs && /[<>]/.test(attrs)) problems.push(`< or > inside attributes of <${name}>`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (selfClosing || VOID.has(name)) continue;
    stack.push(name);
  }
  text(html.slice(last));
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return { ok: problems.length === 0, problems, counts };
}
