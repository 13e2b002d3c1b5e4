// `sb.numpy`: numpy's legacy random generator, so the course's notebooks port line by line.
import { RandomState, type RandomStateState, type Size } from './random-state.js';

export { RandomState, type RandomStateState, type Size };

export const numpy = Object.freeze({ RandomState });
