// Typed errors. Every message names what was expected and what was given.

/** Base class of every error symbreak throws on purpose. */
export class SymbreakError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A matrix has the wrong shape, or a batch is empty. */
export class ShapeError extends SymbreakError {}

/** An option is invalid, or data is not finite. */
export class ValueError extends SymbreakError {}

/** A numeric call was made before `await sb.ready()`. */
export class NotReadyError extends SymbreakError {}

/** A tensor or network was used after `dispose()`. */
export class DisposedError extends SymbreakError {}

/** A file (safetensors) is malformed. */
export class FormatError extends SymbreakError {}

/** "3x4" for error messages. */
export function shapeText(rows: number, cols: number): string {
  return `${rows}x${cols}`;
}

/**
 * A training step produced a non-finite loss, gradient or weight. The network's weights are
 * those from before the step (`fit` turns this into `history.stopped`).
 */
export class NonFiniteError extends SymbreakError {
  /** Which value went non-finite: 'loss', 'gradient' or 'weights'. */
  readonly value: 'loss' | 'gradient' | 'weights';
  constructor(value: 'loss' | 'gradient' | 'weights', message: string) {
    super(message);
    this.value = value;
  }
}
