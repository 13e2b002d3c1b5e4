// Network methods take sb.tensor handles as well as matrices, with the same results bit for bit,
// and leave the tensors to their owner.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(() => sb.ready());

const net = (): sb.Network =>
  new sb.Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 3 });

describe('tensors as network inputs', () => {
  const x = [
    [0.5, -1],
    [1.5, 2],
    [-0.25, 0.75],
  ];
  const y = [[1], [0], [1]];

  it('predict, forward, loss, gradients, evaluate, trainStep and fit agree with matrices', async () => {
    const a = net();
    const b = net();
    const tx = sb.tensor(x);
    const ty = sb.tensor(y);
    try {
      expect(b.predict(tx)).toEqual(a.predict(x));
      expect(b.forward(tx)).toEqual(a.forward(x));
      expect(b.loss(tx, ty, 'binaryCrossEntropy')).toBe(a.loss(x, y, 'binaryCrossEntropy'));
      expect(b.gradients(tx, ty, 'binaryCrossEntropy')).toEqual(a.gradients(x, y, 'binaryCrossEntropy'));
      expect(b.evaluate(tx, ty, { loss: 'binaryCrossEntropy' })).toEqual(a.evaluate(x, y, { loss: 'binaryCrossEntropy' }));
      const opts = { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: 0.01 } } as const;
      expect(b.trainStep(tx, ty, opts)).toBe(a.trainStep(x, y, opts));
      const ha = await a.fit(x, y, { ...opts, epochs: 3, batchSize: 2 });
      const hb = await b.fit(tx, ty, { ...opts, epochs: 3, batchSize: 2 });
      expect(hb.loss).toEqual(ha.loss);
      expect(b.getWeights()).toEqual(a.getWeights());
      // The tensors are still the caller's, unchanged.
      expect(tx.read().data).toEqual(Float32Array.from(x.flat()));
    } finally {
      tx.dispose();
      ty.dispose();
      a.dispose();
      b.dispose();
    }
  });

  it('a tensor of the wrong width, or a disposed one, is refused before anything changes', () => {
    const a = net();
    const wide = sb.tensor([[1, 2, 3]]);
    const gone = sb.tensor([[1, 2]]);
    gone.dispose();
    try {
      expect(() => a.predict(wide)).toThrow(/x has 3 columns, the network expects 2/);
      expect(() => a.predict(gone)).toThrow(sb.DisposedError);
    } finally {
      wide.dispose();
      a.dispose();
    }
  });
});
