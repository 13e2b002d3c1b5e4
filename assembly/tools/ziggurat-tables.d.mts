export interface ZigguratTables {
  /** Right edge of the base layer. */
  r: number;
  /** Area of every layer. */
  v: number;
  x: Float64Array;
  f: Float64Array;
  k: Int32Array;
}
/** The 128-layer ziggurat tables, recomputed in BigInt fixed point and rounded to float64. */
export function zigguratTables(): ZigguratTables;
/** The text of src/init/ziggurat-tables.ts for those tables. */
export function zigguratTablesSource(t?: ZigguratTables): string;
