// Number formats shared by the terminal tables, the HTML report and the tests, so a number the
// terminal prints can be found again from the JSON value it came from.

/** A loss: 4 significant digits, exponent form below 1e-3 ("0.6931", "2.315e-4"). */
export function fmtLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(3);
  return v.toPrecision(4);
}

/** A fraction as a percentage with one decimal ("93.8%"). */
export function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : String(v);
}

/** An accuracy as the course prints it: a fraction with 4 decimals ("0.9933"). */
export function fmtAcc(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v);
}

/** A magnitude over many orders (std of activations or gradients): 2 significant digits ("6.3e-1", "0"). */
export function fmtSci(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return v.toExponential(1);
}

/** A rate (steps per second), rounded to an integer ("8013"). */
export function fmtRate(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v)) : String(v);
}

/** Seconds with one decimal ("12.3 s"). */
export function fmtSeconds(v: number): string {
  return `${v.toFixed(1)} s`;
}

/** Sorted integers as ranges: [1,2,3,5,7,8] -> "1-3, 5, 7-8". */
export function fmtRanges(values: readonly number[]): string {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === v[j]! + 1) j++;
    parts.push(j === i ? String(v[i]) : `${v[i]}-${v[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
