import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { calculateGain } from '../../src/init/index.js';
import { ELU_NEGATIVE_SECOND_MOMENT, GELU_GAIN, SILU_GAIN, SOFTPLUS_GAIN } from '../../src/registry/activations.js';
import * as sb from '../../src/index.js';
import { normalCdf, secondMoment } from './stats.js';

/** The derivation's formula: gain = 1/sqrt(E[f(z)²]), z ~ N(0, 1), by quadrature. */
const formulaGain = (f: (z: number) => number): number => 1 / Math.sqrt(secondMoment(f));

const elu = (alpha: number) => (z: number): number => (z > 0 ? z : alpha * Math.expm1(z));
const gelu = (z: number): number => z * normalCdf(z);
const softplus = (z: number): number => (z > 30 ? z : Math.log1p(Math.exp(z)));
const relu = (z: number): number => Math.max(0, z);
const silu = (z: number): number => (z < -700 ? 0 : z / (1 + Math.exp(-z)));
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const selu = (z: number): number => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));

describe("calculateGain: PyTorch's table", () => {
  it('has the values of torch.nn.init.calculate_gain', () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('leakyRelu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(calculateGain('leakyRelu', 0)).toBe(Math.SQRT2); // an explicit 0 is honoured
    expect(calculateGain('selu')).toBe(3 / 4);
    expect(calculateGain('softmax')).toBe(1);
  });

  it('accepts a layer activation object, its alpha being the parameter', () => {
    expect(calculateGain({ name: 'leakyRelu', alpha: 0.2 })).toBe(calculateGain('leakyRelu', 0.2));
    expect(calculateGain({ name: 'elu', alpha: 0.5 })).toBe(calculateGain('elu', 0.5));
    expect(calculateGain({ name: 'relu' })).toBe(Math.SQRT2);
  });
});

describe('calculateGain: the derivation gain = 1/sqrt(E[f(z)²])', () => {
  it('knows every activation a layer can use', () => {
    for (const name of sb.activations) expect(calculateGain(name)).toBeGreaterThan(0);
  });

  it('selu is built so that E[selu(z)²] = 1 (the formula gives 1; PyTorch keeps 3/4)', () => {
    expect(formulaGain(selu)).toBeCloseTo(1, 9);
    expect(calculateGain('selu')).toBe(3 / 4);
  });

  it('gives exactly the table for linear (1) and relu (sqrt 2)', () => {
    expect(formulaGain((z) => z)).toBeCloseTo(1, 12);
    expect(formulaGain(relu)).toBeCloseTo(Math.SQRT2, 12);
    expect(formulaGain((z) => (z > 0 ? z : 0.2 * z))).toBeCloseTo(calculateGain('leakyRelu', 0.2), 12);
  });

  it('gives the documented gelu, softplus and elu values (independent quadrature, 1e-10)', () => {
    expect(Math.abs(formulaGain(gelu) / GELU_GAIN - 1)).toBeLessThan(1e-10);
    expect(Math.abs(formulaGain(softplus) / SOFTPLUS_GAIN - 1)).toBeLessThan(1e-10);
    expect(calculateGain('gelu')).toBe(GELU_GAIN);
    expect(calculateGain('softplus')).toBe(SOFTPLUS_GAIN);
    for (const alpha of [1, 0.5, 0, 2]) {
      expect(Math.abs(formulaGain(elu(alpha)) / calculateGain('elu', alpha) - 1)).toBeLessThan(1e-10);
    }
    expect(calculateGain('elu')).toBe(calculateGain('elu', 1));
    expect(Math.abs(formulaGain(silu) / SILU_GAIN - 1)).toBeLessThan(1e-10);
    expect(calculateGain('silu')).toBe(SILU_GAIN);
    expect(calculateGain('elu', 0)).toBeCloseTo(Math.SQRT2, 15); // elu with alpha 0 is relu: 1/sqrt(1/2)
  });

  it("elu's constant is the closed form e²Φ(-2) - 2e^(1/2)Φ(-1) + 1/2 = E[(e^z - 1)²; z < 0]", () => {
    const closed = Math.exp(2) * normalCdf(-2) - 2 * Math.exp(0.5) * normalCdf(-1) + 0.5;
    expect(Math.abs(closed / ELU_NEGATIVE_SECOND_MOMENT - 1)).toBeLessThan(1e-12);
    const quad = secondMoment((z) => (z < 0 ? Math.expm1(z) : 0));
    expect(Math.abs(quad / ELU_NEGATIVE_SECOND_MOMENT - 1)).toBeLessThan(1e-10);
  });

  it("shows PyTorch's tanh 5/3 and selu 3/4 are conventions, not this formula", () => {
    expect(formulaGain(Math.tanh)).toBeCloseTo(1.5925374197228314, 10);
    const lambda = 1.0507009873554804934193349852946;
    const alpha = 1.6732632423543772848170429916717;
    expect(formulaGain((z) => lambda * (z > 0 ? z : alpha * Math.expm1(z)))).toBeCloseTo(1, 10);
    expect(calculateGain('tanh')).not.toBeCloseTo(formulaGain(Math.tanh), 2);
    expect(calculateGain('selu')).not.toBeCloseTo(1, 2);
  });
});

describe('calculateGain: bad input', () => {
  it('unknown activations list the known ones', () => {
    expect(() => calculateGain('swish')).toThrow(ValueError);
    expect(() => calculateGain('swish')).toThrow(/unknown activation "swish" \(known: linear, sigmoid, tanh, relu, leakyRelu, elu, gelu, softplus, selu, silu, softmax\)/);
    expect(() => calculateGain(3 as never)).toThrow(/unknown activation number/);
  });

  it('bad or unexpected parameters', () => {
    expect(() => calculateGain('leakyRelu', NaN)).toThrow(/negative slope \(param\) of leakyRelu must be a finite number, got NaN/);
    expect(() => calculateGain('elu', -1)).toThrow(/the alpha of elu must be >= 0, got -1/);
    expect(() => calculateGain('relu', 0.2)).toThrow(/relu takes no parameter, got 0.2/);
  });
});
