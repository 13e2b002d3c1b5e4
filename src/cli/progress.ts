// A progress line for long work, drawn only on a terminal: a carriage return and the line again,
// at most every 100 ms, erased before the next output. When stdout is not a TTY (a pipe, a file,
// CI) nothing is written, so logs stay clean.
import type { Output } from './io.js';

export interface Progress {
  /** Starts a task of `total` units of work. */
  start(label: string, total: number): void;
  /** Work done so far in the current task. */
  update(done: number): void;
  /** Erases the line (call before printing anything else). */
  clear(): void;
}

const WIDTH = 24;
const INTERVAL_MS = 100;

export function progressLine(out: Output, now: () => number = () => performance.now()): Progress {
  if (!out.isTTY) return { start() {}, update() {}, clear() {} };
  let label = '';
  let total = 1;
  let last = -Infinity;
  let shown = false;
  const draw = (done: number): void => {
    const f = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(f * WIDTH);
    out.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(f * 100)}%\x1b[K`);
    shown = true;
  };
  return {
    start(l, t) {
      label = l;
      total = Math.max(1, t);
      last = now();
      draw(0);
    },
    update(done) {
      const t = now();
      if (t - last < INTERVAL_MS) return;
      last = t;
      draw(done);
    },
    clear() {
      if (shown) out.write('\r\x1b[K');
      shown = false;
    },
  };
}
