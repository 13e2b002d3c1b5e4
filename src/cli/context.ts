// What every experiment gets: the seed, the size mode and the progress line.
import type { Progress } from './progress.js';

export interface ExperimentContext {
  seed: number;
  quick: boolean;
  progress: Progress;
}
