// Findings about how the signal travels forward and the gradient backward.
//
// - VANISHING_SIGNAL (hidden layers): per unit, relative to x's per-feature spread. A layer whose
//   every unit is constant on x (not dead, not pinned by saturation: its pre-activations barely
//   vary) is an error; a spread below vanishingSignal times x's is a warning at initialization.
//   The cause: the activation when the net has five or more sigmoid hidden layers (σ'(0) = 1/4 and its
//   mean of 1/2 make the signal fade under any initializer), else the kernels that are too small
//   (underflow), else depth (no fix).
// - EXPLODING_SIGNAL: non-finite values are an error; for layers without a saturating
//   activation (including the logits of the last layer), a spread above explodingSignal times
//   x's is a warning, and an error when some later unbounded layer passes its square or, with y,
//   the loss is over 1000 times a constant prediction's (the forward pass and the loss blow up).
// - VANISHING_GRADIENT / EXPLODING_GRADIENT (with y): non-finite gradients are an error; no
//   kernel gradient at all, or a first-layer gradient below float32's resolution of its weights
//   (no learning rate <= 1 can move them), is an error unless a layer-level error already says
//   why; the first/last norm ratio outside [vanishingGradient, explodingGradient] is a warning at
//   initialization and info after training.
import { infoOf } from '../registry/activations.js';
import type { Finding } from './types.js';
import { allConstant } from './find-units.js';
import { SCALE_BAND, fresh, initWords, learning, makeFix, offScale, rescale, rescaleFix, when, type Judge } from './judge.js';
import { num } from './text.js';
import { F32_ROUNDOFF } from './units.js';

function ratio(j: Judge, l: number): number {
  const s0 = j.inputSpread > 0 ? j.inputSpread : 1;
  return j.layers[l]!.signal.spread / s0;
}

/**
 * Hidden sigmoid layers from which the activation is the cause: even at its recommended scale
 * (χ = 1/16 per layer, the spread shrinking about 4x), five layers lose more than the three
 * orders of magnitude that VANISHING_SIGNAL allows, so no initializer saves them.
 */
const SIGMOID_DEPTH = 5;

/** A loss this many times a constant prediction's makes an exploding signal an error. */
const LOSS_BLOWUP = 1e3;

/** Sigmoid hidden layers up to layer v. */
function sigmoidLayers(j: Judge, v: number): number[] {
  const out: number[] = [];
  for (let l = 0; l <= v && l < j.layers.length - 1; l++) if (j.arch[l]!.activation.name === 'sigmoid') out.push(l);
  return out;
}

/** Why a signal or gradient fades by layer v, and the fix that changes it. */
function fadeCause(j: Judge, v: number): { cause: Finding['cause']; fix: Finding['fix']; why: string } {
  const L = j.layers.length - 1;
  const sig = sigmoidLayers(j, L - 1);
  const small = offScale(j, L, 'small');
  if (sig.length >= SIGMOID_DEPTH) {
    // The sigmoid layers become tanh at tanh's scale; any other kernel too small is rescaled too,
    // or the signal still fades there.
    const others = small.filter((l) => !sig.includes(l));
    const fix = makeFix(
      j,
      () =>
        `Use tanh in the ${sig.length} sigmoid hidden layers with kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }): sigmoid's slope of 1/4 and its mean of 1/2 fade the signal through ${sig.length} layers under any initializer` +
        (others.length ? `; and ${initWords(j, others)}` : '') +
        '.',
      [...sig.map((l) => ({ layer: l, activation: 'tanh' as const, kernelInit: { name: 'glorotUniform', config: { gain: 5 / 3 } } })), ...rescale(j, others)],
    );
    return { cause: 'activation', fix, why: `${sig.length} sigmoid layers` };
  }
  const smallUpTo = offScale(j, v, 'small');
  if (smallUpTo.length || (v === L && small.length)) {
    const first = (smallUpTo.length ? smallUpTo : small)[0]!;
    const fix = rescaleFix(j, small, `Scale the kernels to the fan-in (layer ${first}'s gain is ${num(j.gains[first])} of what it needs, so the signal underflows)`);
    return { cause: 'initialization', fix, why: 'kernels too small' };
  }
  // Kernels too large saturate tanh and sigmoid: their derivative, not their output, fades.
  const large = offScale(j, v, 'large').filter((l) => infoOf(j.arch[l]!.activation.name).saturation);
  if (large.length) {
    const fix = rescaleFix(j, offScale(j, L, 'large'), `Scale the kernels to the fan-in (layer ${large[0]}'s gain is ${num(j.gains[large[0]!])} times what it needs, so its units saturate)`);
    return { cause: 'initialization', fix, why: 'kernels too large: saturated units' };
  }
  return { cause: 'depth', fix: null, why: 'depth' };
}

export function signalFindings(j: Judge, explainedAt: Set<number>): Finding[] {
  const out: Finding[] = [];
  const L = j.layers.length - 1;
  const bad = j.layers.findIndex((r) => !Number.isFinite(r.preactivation.std) || !Number.isFinite(r.activation.std));
  if (bad >= 0) {
    const large = offScale(j, L, 'large');
    const trained = !fresh(j);
    out.push({
      severity: 'error',
      code: 'EXPLODING_SIGNAL',
      layer: bad,
      cause: trained ? 'learningRate' : 'initialization',
      message: `Layer ${bad}'s values are not finite on x ${when(j)} (pre-activation std ${num(j.layers[bad]!.preactivation.std)}): the signal overflowed.`,
      evidence: { preactivationStd: j.layers[bad]!.preactivation.std },
      fix: trained ? (j.learningRateFix ?? null) : rescaleFix(j, large.length ? large : [bad], 'Scale the kernels to the fan-in'),
    });
    return out;
  }
  // Vanishing: at the first hidden layer that fades or is constant on x, an error when it or a
  // later one is constant; not past a layer whose error already explains it (all dead, locked
  // symmetric).
  let v = -1;
  let constantAt = -1;
  for (let l = 0; l < L && !explainedAt.has(l); l++) {
    const r = j.layers[l]!;
    const isConstant = allConstant(j, l) && r.dead.count < r.units && !(r.saturation.fraction > 0.5);
    if (v < 0 && (isConstant || ratio(j, l) < j.t.vanishingSignal)) v = l;
    if (isConstant) {
      constantAt = l;
      break;
    }
  }
  if (v >= 0) {
    const r = j.layers[v]!;
    const { cause, fix, why } = fadeCause(j, v);
    const evidence = {
      unitSpread: r.signal.spread,
      inputSpread: j.inputSpread,
      ratio: ratio(j, v),
      constantUnits: r.signal.constant.length,
      units: r.units,
      ...(constantAt >= 0 ? { constantLayer: constantAt } : {}),
    };
    const fades = `At layer ${v} each unit's pre-activation varies ${num(ratio(j, v))} times as much as the inputs ${when(j)} (${why})`;
    const c = j.layers[constantAt];
    const message =
      constantAt === v
        ? `Every unit of layer ${v} is constant on x ${when(j)} (per-unit spread ${num(r.signal.spread)}, ${num(ratio(j, v))} times the input's): the layer passes no information about x, so nothing before it can learn (${why}).`
        : c
          ? `${fades}, and every unit of layer ${constantAt} is constant on x (per-unit spread ${num(c.signal.spread)}): from there the network passes no information about x, so nothing before it can learn.`
          : `${fades}: the signal fades with depth, so the layers after it see almost nothing of x.`;
    const soft = learning(j) || !fix ? 'info' : 'warning';
    out.push({ severity: constantAt >= 0 ? 'error' : soft, code: 'VANISHING_SIGNAL', layer: v, cause, message, evidence, fix });
  }
  // Exploding: layers whose activation does not bound them, and the logits.
  for (let e = 0; e <= L; e++) {
    if (e < L && infoOf(j.arch[e]!.activation.name).saturation) continue;
    const q = ratio(j, e);
    if (!(q > j.t.explodingSignal)) continue;
    const large = offScale(j, e, 'large');
    const trained = !fresh(j) && j.initialGains !== undefined && j.initialGains.slice(0, e + 1).every((g) => g <= SCALE_BAND);
    const cause: Finding['cause'] = trained ? 'learningRate' : large.length ? 'initialization' : 'depth';
    const fix = trained ? (j.learningRateFix ?? null) : large.length ? rescaleFix(j, offScale(j, L, 'large'), 'Use kernels scaled to the fan-in') : null;
    // Judged by where it ends up: the largest growth of any later unbounded layer (the logits included).
    let worst = e;
    for (let k = e + 1; k <= L; k++) {
      if ((k === L || !infoOf(j.arch[k]!.activation.name).saturation) && ratio(j, k) > ratio(j, worst)) worst = k;
    }
    const qmax = ratio(j, worst);
    // Or, with y, a loss a thousand times a constant prediction's: the outputs are astronomically wrong.
    const lossBlowUp = j.lossNow !== undefined && j.lossNow.value > LOSS_BLOWUP * Math.max(j.lossNow.constant, 1e-3);
    const severe = qmax > j.t.explodingSignal * j.t.explodingSignal || lossBlowUp;
    out.push({
      severity: severe ? 'error' : fix ? 'warning' : 'info',
      code: 'EXPLODING_SIGNAL',
      layer: e,
      cause,
      message:
        `At layer ${e} each unit's pre-activation varies ${num(q)} times as much as the inputs ${when(j)}` +
        (worst !== e ? `, and ${num(qmax)} times at layer ${worst}` : '') +
        ': the signal grows with depth' +
        (severe
          ? `, so the outputs and the loss are astronomically large${j.lossNow ? ` (loss ${num(j.lossNow.value)}, against ${num(j.lossNow.constant)} for a constant prediction)` : ''} and no step size can train it.`
          : ': the outputs saturate and the steps it takes are large and unstable.'),
      evidence: {
        ratio: q,
        maxRatio: qmax,
        maxRatioLayer: worst,
        unitSpread: j.layers[e]!.signal.spread,
        inputSpread: j.inputSpread,
        kernelGain: j.gains[e]!,
        ...(j.lossNow ? { loss: j.lossNow.value, constantLoss: j.lossNow.constant } : {}),
      },
      fix,
    });
    break;
  }
  return out;
}

export function gradientFindings(j: Judge, explained: boolean, gradientRatio: number | undefined): Finding[] {
  if (gradientRatio === undefined) return [];
  const L = j.layers.length - 1;
  const norms = j.layers.map((r) => r.gradient!.kernelNorm);
  if (norms.some((n) => !Number.isFinite(n))) {
    const l = norms.findIndex((n) => !Number.isFinite(n));
    return [
      {
        severity: 'error',
        code: 'EXPLODING_GRADIENT',
        layer: l,
        cause: fresh(j) ? 'initialization' : 'learningRate',
        message: `Layer ${l}'s kernel gradient is not finite on (x, y) ${when(j)}.`,
        evidence: { kernelGradientNorm: norms[l]! },
        fix: fresh(j) ? rescaleFix(j, offScale(j, L, 'large'), 'Use kernels scaled to the fan-in') : (j.learningRateFix ?? null),
      },
    ];
  }
  if (explained) return [];
  const weight0 = j.layers[0]!.weights.std * Math.sqrt(j.layers[0]!.inputs * j.layers[0]!.units);
  if (norms.every((n) => n === 0)) {
    const zero = j.layers.map((r, l) => (r.weights.std === 0 ? l : -1)).filter((l) => l >= 0);
    return [
      {
        severity: 'error',
        code: 'VANISHING_GRADIENT',
        layer: 0,
        cause: 'initialization',
        message: `No kernel receives a gradient on (x, y) ${when(j)}: every weight gradient is exactly 0, so training can only move the biases.`,
        evidence: { firstKernelGradientNorm: 0, zeroKernels: zero.length },
        fix: rescaleFix(j, zero.length ? zero : [0], 'Initialize the kernels randomly'),
      },
    ];
  }
  // (All-zero gradients were handled above: a zero first-layer gradient here is the same failure.)
  if (weight0 > 0 && norms[0]! < F32_ROUNDOFF * weight0) {
    const { cause, fix, why } = fadeCause(j, L);
    return [
      {
        severity: 'error',
        code: 'VANISHING_GRADIENT',
        layer: 0,
        cause,
        message: `Layer 0's kernel gradient (${num(norms[0])}) is below float32's resolution of its weights (norm ${num(weight0)}) ${when(j)}: no step can move them (${why}).`,
        evidence: { firstKernelGradientNorm: norms[0]!, firstKernelNorm: weight0 },
        fix,
      },
    ];
  }
  if (L < 1 || Number.isNaN(gradientRatio)) return [];
  const detail = `(${num(norms[0])} vs ${num(norms[L])})`;
  const evidence = { gradientRatio, firstKernelGradientNorm: norms[0]!, lastKernelGradientNorm: norms[L]! };
  if (gradientRatio < j.t.vanishingGradient) {
    const { cause, fix, why } = fadeCause(j, L);
    const severity = fresh(j) && fix ? 'warning' : 'info';
    const message = `The first layer's kernel gradient norm is ${num(gradientRatio)} times the last layer's ${detail} ${when(j)}: the early layers learn far more slowly than the late ones (${why}).`;
    return [{ severity, code: 'VANISHING_GRADIENT', layer: 0, cause, message, evidence, fix }];
  }
  if (gradientRatio > j.t.explodingGradient) {
    const large = offScale(j, L, 'large');
    const fix = large.length ? rescaleFix(j, large, 'Use kernels scaled to the fan-in') : null;
    const message = `The first layer's kernel gradient norm is ${num(gradientRatio)} times the last layer's ${detail} ${when(j)}: gradients grow on their way back, so the early layers take large, unstable steps.`;
    return [{ severity: fresh(j) && fix ? 'warning' : 'info', code: 'EXPLODING_GRADIENT', layer: 0, cause: large.length ? 'initialization' : 'depth', message, evidence, fix }];
  }
  return [];
}
