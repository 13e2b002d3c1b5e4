// How findings write numbers and lists of units.

/** A short number for messages: 4 significant digits, exponent form outside [1e-3, 1e4). */
export function num(v: number | undefined): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${m}e${e}`;
  }
  return String(Number(v.toPrecision(4)));
}

export function pct(f: number): string {
  return `${num(100 * f)}%`;
}

export function unitList(units: number[], max = 8): string {
  if (units.length <= max) return `{${units.join(',')}}`;
  return `{${units.slice(0, max - 1).join(',')},...,${units[units.length - 1]}} (${units.length} units)`;
}

export function groupList(groups: number[][], max = 3): string {
  const shown = groups.slice(0, max).map((g) => unitList(g)).join(', ');
  return groups.length > max ? `${shown} and ${groups.length - max} more groups` : shown;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A list of layers: "layers 0, 1 and 2". */
export function layerList(ls: number[]): string {
  if (ls.length === 1) return `layer ${ls[0]}`;
  const shown = ls.length > 6 ? [...ls.slice(0, 5).map(String), '...', String(ls[ls.length - 1])] : ls.map(String);
  return `layers ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
