// What fit returns: per-epoch losses and metrics, and why it stopped early, if it did.
import type { OptimizerConfig } from './optimizers.js';

/**
 * The step that wrecked the weights: the step before the first batch whose loss, on the weights
 * that step made, was not finite or rose above its first and to more than 1000 times the lowest
 * that same batch had before (at least a thousandth of its first: a batch fitted to a loss of 0
 * is not a scale), each batch compared with itself, as batches differ.
 */
export interface Damage {
  /** The epoch and batch (from 0) of the step that did the damage. */
  epoch: number;
  batch: number;
  /** The batch's lowest loss before, and the loss the step led to (Infinity: not finite). */
  lossBefore: number;
  lossAfter: number;
}

/** Why fit stopped before its last epoch. */
export interface Stopped {
  /** 'nonFinite': a batch's loss, gradient or update was not finite (the weights from before it were kept); 'callback': onEpochEnd or onBatchEnd returned false. */
  reason: 'nonFinite' | 'callback';
  /** The epoch (from 0) it stopped in. */
  epoch: number;
  /** The batch (from 0, within the epoch) it stopped after or at; undefined when onEpochEnd stopped it. */
  batch?: number;
  /** nonFinite: which value ('loss', 'gradient', 'weights'); callback: which callback. */
  value: 'loss' | 'gradient' | 'weights' | 'onEpochEnd' | 'onBatchEnd';
  /** The same in words. */
  message: string;
  /**
   * nonFinite: set when an earlier step had already wrecked the weights (the loss up by orders of
   * magnitude): the weights kept are finite but unusable. restoreBest keeps a better set.
   */
  damage?: Damage;
}

export interface History<Report = never> {
  loss: number[];
  accuracy?: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** Epochs completed. */
  epochs: number;
  stopped?: Stopped;
  /** With fit's diagnostics option: the reports, each with the `epoch` it was recorded after. */
  diagnostics?: Report[];
  /** Optimizer steps this fit took (batches whose update was applied). */
  steps: number;
  /** The optimizer it trained with, defaults filled in. */
  optimizer: OptimizerConfig;
  /**
   * With restoreBest: the epoch whose weights the network was left with (the lowest valLoss, or
   * loss without validation data); -1 for the weights fit started from (no epoch completed with
   * a finite loss).
   */
  bestEpoch?: number;
}

export interface EpochLogs {
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** Builds a History epoch by epoch. */
export class HistoryRecorder<Report> {
  readonly history: History<Report>;

  constructor(options: { accuracy: boolean; validation: boolean; reports: boolean; optimizer: OptimizerConfig }) {
    const h: History<Report> = { loss: [], epochs: 0, steps: 0, optimizer: options.optimizer };
    if (options.accuracy) h.accuracy = [];
    if (options.validation) {
      h.valLoss = [];
      if (options.accuracy) h.valAccuracy = [];
    }
    if (options.reports) h.diagnostics = [];
    this.history = h;
  }

  /** A completed (or, when stopped by onBatchEnd, partial) epoch's training loss and accuracy. */
  epoch(loss: number, accuracy: number | undefined): void {
    this.history.loss.push(Math.fround(loss));
    if (accuracy !== undefined) this.history.accuracy!.push(accuracy);
    this.history.epochs++;
  }

  validation(loss: number, accuracy: number | undefined): void {
    this.history.valLoss!.push(loss);
    if (accuracy !== undefined) this.history.valAccuracy!.push(accuracy);
  }

  report(report: Report): void {
    this.history.diagnostics!.push(report);
  }

  stop(stopped: Stopped): void {
    this.history.stopped = stopped;
  }
}
