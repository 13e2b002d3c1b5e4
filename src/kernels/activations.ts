// Activations on the SIMD core (assembly/kernels/activations.ts): the public ops (forward and
// derivative of each activation, row-wise softmax, log-softmax and the softmax backward) and
// the pointer-level helpers the network calls on buffers it allocated once.
//
// Conventions: relu'(0) = 0, leakyRelu'(0) = alpha, elu'(0) = alpha (the x > 0 branch is strict,
// as in PyTorch). GELU is the exact erf form x·Φ(x). NaN in gives NaN out. Every element gives
// the same bits whatever its index or the array's length.
import { core } from '../runtime/core.js';
import { checkOut, input, release, Tensor, type Input, type TensorLike } from '../runtime/tensor.js';
import { describe } from '../runtime/matrix.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';

/** The elementwise activations (softmax, which works on rows, has its own helpers). */
export type ActivationName = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'softplus';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'gelu',
  'softplus',
];

/** The activations with a parameter, and its default (Keras and PyTorch use the same ones). */
export const DEFAULT_ALPHA: Readonly<Partial<Record<ActivationName, number>>> = { leakyRelu: 0.01, elu: 1 };

/** The math functions exported over arrays (mainly for the accuracy tests). */
export type MathName = 'exp' | 'expm1' | 'log' | 'log1p' | 'erf' | 'erfc';

type Unary = (x: number, y: number, n: number, alpha: number) => void;
type Backward = (z: number, a: number, dy: number, dz: number, n: number, alpha: number) => void;
type Rows = (x: number, y: number, rows: number, cols: number) => void;
type RowsBackward = (a: number, dy: number, dx: number, rows: number, cols: number) => void;

// The core's exports by name; a kernel without alpha ignores the extra argument.
type ActivationExports = Record<string, Unary | Backward | Rows | RowsBackward>;

const SNAKE: Record<ActivationName, string> = {
  linear: 'linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'relu',
  leakyRelu: 'leaky_relu',
  elu: 'elu',
  gelu: 'gelu',
  softplus: 'softplus',
};

// Exports resolved once per name (the core is instantiated once), so the network's per-step
// calls do no string work.
const resolved = new Map<string, unknown>();

function kernel<T>(name: string): T {
  let f = resolved.get(name);
  if (f === undefined) {
    f = core<ActivationExports>()[name];
    if (typeof f !== 'function') throw new ValueError(`internal: the core has no kernel ${name}`);
    resolved.set(name, f);
  }
  return f as T;
}

/** The kernel names of each activation. */
const NAMES = Object.fromEntries(
  Object.entries(SNAKE).map(([name, s]) => [name, { f: `f32_${s}`, grad: `f32_${s}_grad`, backward: `f32_${s}_backward` }]),
) as Record<ActivationName, { f: string; grad: string; backward: string }>;

function names(name: ActivationName): { f: string; grad: string; backward: string } {
  const k = Object.prototype.hasOwnProperty.call(NAMES, name) ? NAMES[name] : undefined;
  if (k === undefined) {
    throw new ValueError(`unknown activation ${JSON.stringify(name)}, expected one of ${ACTIVATION_NAMES.join(', ')}`);
  }
  return k;
}

function alphaOf(name: ActivationName, alpha: number | undefined): number {
  return alpha ?? DEFAULT_ALPHA[name] ?? 0;
}

// ---- pointer helpers (internal): pointers from allocF32/Tensor.ptr, no checks ----

/** @internal a = f(z) over n floats; a may be z. alpha defaults to the activation's default. */
export function activationForward(name: ActivationName, zPtr: number, aPtr: number, n: number, alpha?: number): void {
  kernel<Unary>(names(name).f)(zPtr, aPtr, n, alphaOf(name, alpha));
}

/** @internal g = f'(z) over n floats; g may be z. */
export function activationGrad(name: ActivationName, zPtr: number, gPtr: number, n: number, alpha?: number): void {
  kernel<Unary>(names(name).grad)(zPtr, gPtr, n, alphaOf(name, alpha));
}

/**
 * @internal dz = dy ⊙ f'(z) over n floats, bit for bit dy times activationGrad's result. a = f(z)
 * is part of the signature but no activation reads it (f'(z) from z keeps full accuracy where
 * a rounds to its limit). dz may equal z, a or dy.
 */
export function activationBackward(
  name: ActivationName,
  zPtr: number,
  aPtr: number,
  dyPtr: number,
  dzPtr: number,
  n: number,
  alpha?: number,
): void {
  kernel<Backward>(names(name).backward)(zPtr, aPtr, dyPtr, dzPtr, n, alphaOf(name, alpha));
}

/** @internal y = softmax(x) per row of a rows x cols buffer; y may be x. */
export function softmaxRows(xPtr: number, yPtr: number, rows: number, cols: number): void {
  kernel<Rows>('f32_softmax_rows')(xPtr, yPtr, rows, cols);
}

/** @internal y = log softmax(x) per row; y may be x. */
export function logSoftmaxRows(xPtr: number, yPtr: number, rows: number, cols: number): void {
  kernel<Rows>('f32_log_softmax_rows')(xPtr, yPtr, rows, cols);
}

/** @internal dx = a ⊙ (dy - Σ_j dy_j·a_j) per row, a = softmax(x); dx may equal a or dy. */
export function softmaxRowsBackward(aPtr: number, dyPtr: number, dxPtr: number, rows: number, cols: number): void {
  kernel<RowsBackward>('f32_softmax_rows_backward')(aPtr, dyPtr, dxPtr, rows, cols);
}

/** @internal y = f(x) over n floats with the core's math library (see assembly/kernels/math.ts). */
export function mathPtr(name: MathName, xPtr: number, yPtr: number, n: number): void {
  kernel<Unary>(`f32_math_${name}`)(xPtr, yPtr, n, 0);
}

// ---- public ops ----

export interface ActivationOptions {
  /** A Tensor of the result's shape to write into (it may be the input): nothing is allocated. */
  out?: Tensor;
  /** leakyRelu's negative slope (default 0.01) or elu's scale (default 1); only those take it. */
  alpha?: number;
}

interface Parsed {
  out: Tensor | undefined;
  alpha: number;
}

/** Validates the options of `op`: an object with `out`, and `alpha` when the op takes one. */
function parseOptions(opts: unknown, op: string, defaultAlpha: number | undefined): Parsed {
  if (opts === undefined) return { out: undefined, alpha: defaultAlpha ?? 0 };
  const allowed = defaultAlpha === undefined ? ['out'] : ['out', 'alpha'];
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ValueError(`${op}: options must be an object like { ${allowed.join(', ')} }, got ${describe(opts)}`);
  }
  const o = opts as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    if (!allowed.includes(key)) {
      throw new ValueError(
        key === 'alpha'
          ? `${op}: takes no alpha option, got alpha = ${String(o[key])}`
          : `${op}: unknown option '${key}' (options: ${allowed.join(', ')})`,
      );
    }
  }
  let alpha = defaultAlpha ?? 0;
  if (o.alpha !== undefined) {
    const v = o.alpha;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`${op}: alpha must be a finite number, got ${typeof v === 'number' ? v : describe(v)}`);
    }
    if (!Number.isFinite(Math.fround(v))) {
      throw new ValueError(`${op}: alpha must fit in float32 (|alpha| < 3.4028235e38), got ${v}`);
    }
    alpha = v;
  }
  const out = o.out as Tensor | undefined;
  return { out, alpha };
}

type Mode = 'forward' | 'grad';

function elementwise(op: string, name: ActivationName, mode: Mode, a: TensorLike, opts: unknown): Tensor {
  const { out, alpha } = parseOptions(opts, op, DEFAULT_ALPHA[name]);
  const ia = input(a, 'a');
  try {
    const t = ia.t;
    const y = out === undefined ? new Tensor(t.rows, t.cols) : checkOut(out, t.rows, t.cols, op);
    if (mode === 'forward') activationForward(name, t.ptr, y.ptr, t.size, alpha);
    else activationGrad(name, t.ptr, y.ptr, t.size, alpha);
    return y;
  } finally {
    release(ia);
  }
}

function rowwise(op: string, f: (x: number, y: number, rows: number, cols: number) => void, a: TensorLike, opts: unknown): Tensor {
  const { out } = parseOptions(opts, op, undefined);
  const ia = input(a, 'a');
  try {
    const t = ia.t;
    const y = out === undefined ? new Tensor(t.rows, t.cols) : checkOut(out, t.rows, t.cols, op);
    f(t.ptr, y.ptr, t.rows, t.cols);
    return y;
  } finally {
    release(ia);
  }
}

type Op = (a: TensorLike, opts?: ActivationOptions) => Tensor;
type OutOp = (a: TensorLike, opts?: { out?: Tensor }) => Tensor;

/** The logistic function 1/(1 + e^-x), stable for any x (saturates to exactly 0 and 1). */
export const sigmoid: OutOp = (a, opts) => elementwise('sigmoid', 'sigmoid', 'forward', a, opts);
/** σ'(x) = σ(x)(1 - σ(x)), computed as e/(1 + e)² with e = e^-|x|. */
export const sigmoidGrad: OutOp = (a, opts) => elementwise('sigmoidGrad', 'sigmoid', 'grad', a, opts);
/** tanh(x); ±1 exactly for |x| > 9.01. */
export const tanh: OutOp = (a, opts) => elementwise('tanh', 'tanh', 'forward', a, opts);
/** tanh'(x) = 1 - tanh²(x), computed as 4e/(1 + e)² with e = e^-2|x|. */
export const tanhGrad: OutOp = (a, opts) => elementwise('tanhGrad', 'tanh', 'grad', a, opts);
/** max(x, 0). */
export const relu: OutOp = (a, opts) => elementwise('relu', 'relu', 'forward', a, opts);
/** 1 for x > 0, else 0 (relu'(0) = 0). */
export const reluGrad: OutOp = (a, opts) => elementwise('reluGrad', 'relu', 'grad', a, opts);
/** x for x > 0, else alpha·x (alpha default 0.01). */
export const leakyRelu: Op = (a, opts) => elementwise('leakyRelu', 'leakyRelu', 'forward', a, opts);
/** 1 for x > 0, else alpha (leakyRelu'(0) = alpha). */
export const leakyReluGrad: Op = (a, opts) => elementwise('leakyReluGrad', 'leakyRelu', 'grad', a, opts);
/** x for x > 0, else alpha·(e^x - 1) (alpha default 1). */
export const elu: Op = (a, opts) => elementwise('elu', 'elu', 'forward', a, opts);
/** 1 for x > 0, else alpha·e^x (elu'(0) = alpha). */
export const eluGrad: Op = (a, opts) => elementwise('eluGrad', 'elu', 'grad', a, opts);
/** GELU, exact form x·Φ(x) = x·(1 + erf(x/√2))/2 (PyTorch's default, Keras approximate=False). */
export const gelu: OutOp = (a, opts) => elementwise('gelu', 'gelu', 'forward', a, opts);
/** GELU'(x) = Φ(x) + x·φ(x). */
export const geluGrad: OutOp = (a, opts) => elementwise('geluGrad', 'gelu', 'grad', a, opts);
/** softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|). */
export const softplus: OutOp = (a, opts) => elementwise('softplus', 'softplus', 'forward', a, opts);
/** softplus'(x) = σ(x). */
export const softplusGrad: OutOp = (a, opts) => elementwise('softplusGrad', 'softplus', 'grad', a, opts);
/** The identity (a copy, or nothing when out is a). */
export const linear: OutOp = (a, opts) => elementwise('linear', 'linear', 'forward', a, opts);
/** 1 everywhere (NaN where the input is NaN). */
export const linearGrad: OutOp = (a, opts) => elementwise('linearGrad', 'linear', 'grad', a, opts);

/** Softmax of each row: e^{x - max}/Σ e^{x - max}, stable for any finite row. */
export const softmax: OutOp = (a, opts) => rowwise('softmax', softmaxRows, a, opts);
/** Log-softmax of each row: (x - max) - log Σ e^{x - max}. */
export const logSoftmax: OutOp = (a, opts) => rowwise('logSoftmax', logSoftmaxRows, a, opts);

/**
 * The softmax backward per row: given a = softmax(x) and dy = dL/da, returns
 * dL/dx = a ⊙ (dy - Σ_j dy_j·a_j). a and dy have the same shape; `out` may be either.
 */
export function softmaxBackward(a: TensorLike, dy: TensorLike, opts?: { out?: Tensor }): Tensor {
  const { out } = parseOptions(opts, 'softmaxBackward', undefined);
  const ia = input(a, 'a');
  let id: Input | undefined;
  try {
    id = input(dy, 'dy');
    const ta = ia.t;
    const td = id.t;
    if (ta.rows !== td.rows || ta.cols !== td.cols) {
      throw new ShapeError(
        `softmaxBackward: a is ${shapeText(ta.rows, ta.cols)}, dy is ${shapeText(td.rows, td.cols)}: ` +
          'dy must have the shape of a',
      );
    }
    const y = out === undefined ? new Tensor(ta.rows, ta.cols) : checkOut(out, ta.rows, ta.cols, 'softmaxBackward');
    softmaxRowsBackward(ta.ptr, td.ptr, y.ptr, ta.rows, ta.cols);
    return y;
  } finally {
    release(ia, id);
  }
}

/** Every activation op, for `sb.ops`. */
export const activationOps = {
  linear,
  linearGrad,
  sigmoid,
  sigmoidGrad,
  tanh,
  tanhGrad,
  relu,
  reluGrad,
  leakyRelu,
  leakyReluGrad,
  elu,
  eluGrad,
  gelu,
  geluGrad,
  softplus,
  softplusGrad,
  softmax,
  logSoftmax,
  softmaxBackward,
};
