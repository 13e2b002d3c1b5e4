// sb.datasets: seeded toy datasets for the lesson and its exercises. Every generator returns
// { x: Matrix (n x 2), y: Matrix (n x 1) }, draws only from randomStream(seed), and computes
// sin/cos with src/data/trig.ts, so a seed gives the same bits in every engine.
import { circles } from './circles.js';
import { moons } from './moons.js';
import { planarFlower } from './planar-flower.js';
import { spirals } from './spirals.js';
import { xor } from './xor.js';

export type { CirclesOptions } from './circles.js';
export type { MoonsOptions } from './moons.js';
export type { PlanarFlowerOptions } from './planar-flower.js';
export type { Dataset } from './sampling.js';
export type { SpiralsOptions } from './spirals.js';
export type { XorOptions } from './xor.js';

export const datasets = { planarFlower, circles, moons, xor, spirals };
