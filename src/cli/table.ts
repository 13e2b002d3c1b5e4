// Plain-text tables for the terminal: a header, a rule, rows; columns padded to their widest
// cell, text left-aligned and numbers right-aligned.

export interface Column {
  header: string;
  /** 'right' for numbers (default 'left'). */
  align?: 'left' | 'right';
}

/** The table as lines (no trailing newline), indented by `indent` spaces. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], indent = 2): string[] {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = ' '.repeat(indent);
  const line = (cells: readonly string[]): string =>
    pad +
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), pad + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Right-aligned columns (numbers), by header. */
export function right(...headers: string[]): Column[] {
  return headers.map((header) => ({ header, align: 'right' }));
}
