// Findings about units: symmetric copies, dead and negative units, saturation.
//
// - SYMMETRIC_UNITS: a locked group (equal incoming weights and bias and equal outgoing weights,
//   or on the last layer equal targets) is an error at any time: gradient descent can never
//   separate it. Unlocked groups of units that vary over x are a warning at initialization (no
//   diversity to start from), info otherwise or on a small probe. Groups of units constant on x
//   are left to the findings about why they are constant.
// - DEAD_UNITS (relu only: the registry's flatNegative): units with z <= 0 on every sample pass
//   exactly no gradient. A whole layer dead is an error. Some dead units are a warning when the
//   bias pushes them down (a negative bias beyond the units' spread: the bias is the cause);
//   otherwise, with zero bias, no kernel scale changes which units die (relu is homogeneous),
//   so it is a cost of depth and geometry, reported as info with no fix; after training, as info.
// - NEGATIVE_UNITS: the other rectifiers below 0 on every sample still pass their negative
//   side's slope; info.
// - SATURATION (tanh, sigmoid; not a last layer trained from its logits): a layer whose units
//   are all pinned to constant values is an error. Otherwise, more than saturatedFraction of the
//   layer's activations in the flat band is a warning at initialization when the evidence names
//   a cause (inputs off scale, a kernel too large, a bias) and info after training, where
//   confident saturated units are what a network that learned looks like.
import type { Finding } from './types.js';
import { fresh, grewInTraining, learning, lowerRateFix, makeFix, offScale, rescaleFix, smallProbe, tooLarge, when, inputsTooLarge, logitLoss, type Judge } from './judge.js';
import { groupList, num, pct, plural, unitList } from './text.js';
import { infoOf } from '../registry/activations.js';

/** The bias pushes layer l's units below zero: its mean is negative beyond the units' spread. */
export function biasKills(j: Judge, l: number): boolean {
  const r = j.layers[l]!;
  return r.bias.mean < 0 && -r.bias.mean > r.signal.spread;
}

/** Every unit of layer l is constant on x. */
export function allConstant(j: Judge, l: number): boolean {
  const r = j.layers[l]!;
  return r.signal.constant.length === r.units;
}

export function symmetryFindings(j: Judge, l: number): Finding[] {
  const r = j.layers[l]!;
  const last = l === j.layers.length - 1;
  const { groups, locked, distinctUnits } = r.symmetry;
  const constant = new Set(r.signal.constant);
  const lockedGroups = groups.filter((_, i) => locked[i]);
  // Units pinned at tanh's or sigmoid's flat ends copy each other's sign pattern: that is the
  // saturation (its own finding), not a lack of diversity in the weights.
  const pinned = r.saturation.fraction > 0.5;
  const freeGroups = groups.filter((g, i) => !locked[i] && !last && !pinned && g.some((u) => !constant.has(u)));
  if (lockedGroups.length === 0 && freeGroups.length === 0) return [];
  const evidence = { groups: groups.length, distinctUnits, units: r.units, kernelStd: r.weights.std };
  if (lockedGroups.length > 0) {
    const why = last
      ? 'equal incoming weights and bias, and equal targets'
      : 'equal incoming weights and bias, and equal outgoing weights in the next layer';
    let message =
      `Units ${groupList(lockedGroups)} of layer ${l} compute the same function on x ${when(j)} and are locked (${why}): ` +
      `every gradient step keeps them equal, so the layer works as ${plural(distinctUnits, 'distinct unit')} of ${r.units}.`;
    if (freeGroups.length > 0) message += ` Units ${groupList(freeGroups)} are symmetric too, but not locked.`;
    // The later layers' columns for the group are equal too: every later constant kernel (std 0)
    // keeps the symmetry going, so each gets a random kernel as well.
    const layers = [l, ...j.layers.map((r, k) => (k > l && r.weights.std === 0 ? k : -1)).filter((k) => k >= 0)];
    const fix = rescaleFix(j, layers, 'Initialize the kernels randomly to break the symmetry (the bias may stay zero)');
    return [{ severity: 'error', code: 'SYMMETRIC_UNITS', layer: l, cause: 'initialization', message, evidence, fix }];
  }
  const weak = smallProbe(j);
  const start = fresh(j);
  const message =
    `Units ${groupList(freeGroups)} of layer ${l} compute the same function on x ${when(j)} ` +
    `(${distinctUnits} distinct of ${r.units}); their outgoing weights differ, so training can separate them` +
    (start ? ', but they start with no diversity.' : ', but it has not yet.') +
    (weak ? ` With ${j.samples} samples this may be chance.` : '');
  // After training a re-initialization would throw the training away: no fix then.
  const fix = start ? rescaleFix(j, [l], 'Give the units different incoming weights') : null;
  const severity = start && !weak && fix !== null ? 'warning' : 'info';
  return [{ severity, code: 'SYMMETRIC_UNITS', layer: l, cause: weak ? 'probe' : start ? 'initialization' : 'training', message, evidence, fix }];
}

export function deadFindings(j: Judge, l: number): Finding[] {
  const r = j.layers[l]!;
  const act = j.arch[l]!.activation;
  const { count, fraction, units } = r.dead;
  if (count === 0) return [];
  const all = count === r.units;
  const evidence = { dead: count, units: r.units, fraction, biasMean: r.bias.mean, unitSpread: r.signal.spread, samples: j.samples };
  const info = infoOf(act.name);
  if (!info.flatNegative) {
    if (!(fraction > j.t.deadFraction)) return [];
    return [
      {
        severity: 'info',
        code: 'NEGATIVE_UNITS',
        layer: l,
        cause: biasKills(j, l) ? 'bias' : fresh(j) ? 'depth' : 'training',
        message:
          `${count} of ${r.units} ${act.name} units of layer ${l} ${unitList(units)} are below 0 on every sample ${when(j)}; ` +
          `unlike relu they are not dead: ${act.name}'s negative side still passes gradient.`,
        evidence,
        fix: biasKills(j, l) ? makeFix(j, () => `Start the biases of layer ${l} at zero: biasInit: 'zeros'.`, [{ layer: l, biasInit: { name: 'zeros', config: {} } }]) : null,
      },
    ];
  }
  if (!all && !(fraction > j.t.deadFraction)) return [];
  const what =
    `${count} of ${r.units} relu units of layer ${l} ${unitList(units)} are dead ${when(j)} ` +
    `(pre-activation <= 0 for every one of the ${j.samples} samples): they pass no gradient and cannot recover`;
  // The later hidden layers whose bias would kill them too (their inputs are what this layer
  // passes on, so their own verdict waits for it) are reset with it.
  const biased = [l, ...j.layers.map((_, k) => (k > l && k < j.layers.length - 1 && biasKills(j, k) ? k : -1)).filter((k) => k >= 0)];
  const zeroBias = makeFix(
    j,
    (ls) => `Start the biases of ${ls.length === 1 ? `layer ${ls[0]}` : `layers ${ls.join(', ')}`} at zero (biasInit: 'zeros'): a negative bias of ${num(r.bias.mean)} outweighs the units' spread of ${num(r.signal.spread)}.`,
    biased.map((k) => ({ layer: k, biasInit: { name: 'zeros', config: {} } })),
  );
  if (all) {
    if (smallProbe(j) && r.units < 8) {
      return [{ severity: 'info', code: 'DEAD_UNITS', layer: l, cause: 'probe', message: `${what}. With ${j.samples} samples this may be chance.`, evidence, fix: null }];
    }
    const message = `${what}: nothing flows through layer ${l}, so no layer up to it can learn.`;
    if (biasKills(j, l) && zeroBias) return [{ severity: 'error', code: 'DEAD_UNITS', layer: l, cause: 'bias', message, evidence, fix: zeroBias }];
    if (!fresh(j)) {
      const fix = lowerRateFix(j, 'too large a step pushes relu units below zero for good');
      return [{ severity: 'error', code: 'DEAD_UNITS', layer: l, cause: 'learningRate', message: `${message} Training killed them: too large a step pushes relu units below zero for good.`, evidence, fix }];
    }
    const fix = rescaleFix(j, offScale(j, l, 'any').length ? offScale(j, l, 'any') : [l], `Re-initialize the kernel`);
    return [{ severity: 'error', code: 'DEAD_UNITS', layer: l, cause: 'initialization', message, evidence, fix }];
  }
  if (smallProbe(j)) {
    return [
      {
        severity: 'info',
        code: 'DEAD_UNITS',
        layer: l,
        cause: 'probe',
        message: `${what}. With ${j.samples} samples a healthy unit is negative on all of them by chance often enough that this is no verdict: probe with at least 32.`,
        evidence,
        fix: null,
      },
    ];
  }
  if (biasKills(j, l) && zeroBias) {
    return [{ severity: fresh(j) ? 'warning' : 'info', code: 'DEAD_UNITS', layer: l, cause: 'bias', message: `${what}.`, evidence, fix: zeroBias }];
  }
  if (fresh(j)) {
    return [
      {
        severity: 'info',
        code: 'DEAD_UNITS',
        layer: l,
        cause: 'depth',
        message:
          `${what}. ` +
          (r.bias.mean === 0
            ? 'With zero biases no kernel scale changes which relu units die (relu is homogeneous)'
            : `The biases (mean ${num(r.bias.mean)}) are within the units' spread (${num(r.signal.spread)}), so they do not explain it, and with biases that small the kernel scale barely changes which units die`) +
          ': deep relu networks lose some units at initialization, and the rest of the layer learns. Harmless at this share.',
        evidence,
        fix: null,
      },
    ];
  }
  return [{ severity: 'info', code: 'DEAD_UNITS', layer: l, cause: 'training', message: `${what}; the rest of the layer is live.`, evidence, fix: null }];
}

function bandText(activation: string, j: Judge): string {
  return activation === 'tanh' ? `|a| > ${j.t.tanhSaturation}` : `a outside [${j.t.sigmoidSaturation}, ${1 - j.t.sigmoidSaturation}]`;
}

/** One SATURATION finding for all saturated layers (a deep net saturates in many at once), at the first. */
export function saturationFindings(j: Judge): Finding[] {
  const L = j.layers.length - 1;
  const hit: number[] = [];
  for (let l = 0; l <= L; l++) {
    if (l === L && logitLoss(j)) continue;
    const r = j.layers[l]!;
    if (infoOf(j.arch[l]!.activation.name).saturation && r.saturation.fraction > j.t.saturatedFraction) hit.push(l);
  }
  if (hit.length === 0) return [];
  const l = hit[0]!;
  const r = j.layers[l]!;
  const name = j.arch[l]!.activation.name;
  const pinned = hit.find((k) => allConstant(j, k) && j.layers[k]!.saturation.fraction > 0.5);
  const evidence = {
    saturated: r.saturation.fraction,
    meanDerivative: r.saturation.meanDerivative ?? NaN,
    preactivationStd: r.preactivation.std,
    inputSpread: j.inputSpread,
    kernelGain: j.gains[l]!,
    layers: hit.length,
  };
  const shown = hit.slice(0, 5).map((k) => `layer ${k} (${pct(j.layers[k]!.saturation.fraction)})`);
  if (hit.length > 5) shown.push(`... layer ${hit[hit.length - 1]}`);
  const measured =
    hit.length === 1
      ? `${pct(r.saturation.fraction)} of layer ${l}'s ${name} activations are saturated (${bandText(name, j)}) ${when(j)}; the mean derivative is ${num(r.saturation.meanDerivative)}`
      : `${hit.length} layers are saturated ${when(j)}: ${shown.join(', ')}; the mean derivative of layer ${l} is ${num(r.saturation.meanDerivative)}`;
  // The cause the evidence supports, and its fix.
  const large = offScale(j, hit[hit.length - 1]!, 'large');
  // Every saturated layer whose bias sits beyond its units' spread: reset together, or the
  // saturation moves to the next of them.
  const biased = hit.filter((k) => Math.abs(j.layers[k]!.bias.mean) > j.layers[k]!.signal.spread);
  let cause: Finding['cause'] = 'depth';
  let effectNote = '';
  let fix: Finding['fix'] = null;
  if (large.some((k) => grewInTraining(j, k))) {
    cause = 'learningRate';
    fix = lowerRateFix(j);
    if (!fix) effectNote = ' Train with a smaller learning rate (pass fit\'s history to diagnose for one to try).';
  } else if (inputsTooLarge(j) && !large.length) {
    cause = 'inputs';
    fix = makeFix(
      j,
      () => `Standardize the inputs (zero mean, unit std per feature): x's features spread ${num(j.inputSpread)} around means of size ${num(j.inputOffset)}, so fan-in-scaled kernels still saturate.`,
      [],
      { standardizeInputs: true },
    );
  } else if (large.length) {
    cause = 'initialization';
    fix = rescaleFix(j, large, `Scale the kernels to the fan-in (layer ${large[0]}'s gain is ${num(j.gains[large[0]!])} times what ${name} needs)`);
  } else if (biased.length) {
    cause = 'bias';
    fix = makeFix(
      j,
      (ls) => `Start the biases at zero on ${ls.length === 1 ? `layer ${ls[0]}` : `layers ${ls.join(', ')}`} (layer ${biased[0]}'s mean bias is ${num(j.layers[biased[0]!]!.bias.mean)}, beyond its units' spread).`,
      biased.map((k) => ({ layer: k, biasInit: { name: 'zeros', config: {} } })),
    );
  }
  if (pinned !== undefined) {
    const message = `Every ${name} unit of layer ${pinned} is pinned to a constant ${when(j)} (pre-activation spread ${num(j.layers[pinned]!.signal.spread)}): its derivative is 0 to float32 precision, so no gradient passes. ${measured}.`;
    return [{ severity: 'error', code: 'SATURATION', layer: pinned, cause: learning(j) && !fix ? 'training' : cause, message, evidence, fix }];
  }
  if (learning(j)) {
    return [
      {
        severity: 'info',
        code: 'SATURATION',
        layer: l,
        cause: 'training',
        message: `${measured}. After training this is usually what learned, confident units look like, not a problem.`,
        evidence,
        fix: null,
      },
    ];
  }
  // A named cause is a warning even without a fix in data (a learning rate not known here).
  const slow = tooLarge(j, l) || cause !== 'depth';
  const t = j.training;
  // Trained but not learning: the loss is stuck, or still above a constant prediction's.
  const effect = fresh(j)
    ? 'so learning starts slowly'
    : t?.constantLoss !== undefined && t.losses.length > 0
      ? `and learning crawls: the loss (${num(t.losses[t.losses.length - 1])}) is ${t.losses[t.losses.length - 1]! >= t.constantLoss ? 'still above' : 'not yet half of'} a constant prediction's (${num(t.constantLoss)})`
      : 'and learning crawls';
  return [
    {
      severity: slow && (fix || cause === 'learningRate') ? 'warning' : 'info',
      code: 'SATURATION',
      layer: l,
      cause,
      message: `${measured}: gradients through ${hit.length > 1 ? 'these layers' : 'this layer'} are small, ${effect}.${effectNote}`,
      evidence,
      fix,
    },
  ];
}
