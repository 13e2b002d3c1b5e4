/** The erfc tail's relative error as assembly/kernels/math.ts states it. */
export const ERFC_TAIL_STATED_ERROR: number;
/** erfcTail64's G coefficients as committed (a fit), s^11 first, as float64 bit patterns. */
export const ERFC_TAIL_G_BITS: readonly string[];
/** erfSeries64's coefficients re-derived, x^20 first. */
export function erfSeriesCoefficients(): Float64Array;
/** erfcTail64's argument map constants. */
export function erfcTailMap(): { tMid: number; tInvHalf: number };
/** G's coefficients as float64, s^11 first. */
export function erfcTailCoefficients(): Float64Array;
/** The fit's largest relative error against e^{x²}·erfc(x) on [1/2, 11]. */
export function erfcTailMaxRelError(points?: number): { maxRelError: number; at: number };
/** The committed constants parsed from the text of assembly/kernels/math.ts. */
export function committedErfConstants(mathTs: string): {
  erfSeries: Float64Array;
  erfcTailG: Float64Array;
  tMid: number;
  tInvHalf: number;
};
