// assembly/kernels/qr.ts: blocked Householder QR of a column-major float64 m x n matrix (m >= n).
import type { F32Buffer, F64Buffer } from '../core/buffer.js';
import { f32_qr_orthonormal, f64_qr, f64_qr_q } from '../core/abi.generated.js';

/** QR in place of a (m x n, column-major); tau receives the n Householder scalars. */
export function qrFactor(a: F64Buffer, m: number, n: number, tau: F64Buffer): void {
  f64_qr(a, m, n, tau);
}

/** The thin Q (column-major m x n) from qrFactor's output. */
export function qrFormQ(a: F64Buffer, m: number, n: number, tau: F64Buffer, q: F64Buffer): void {
  f64_qr_q(a, m, n, tau, q);
}

/** out = gain · Q · diag(sign(diag R)) as float32, m x n row-major, or its n x m transpose. */
export function qrOrthonormal(a: F64Buffer, q: F64Buffer, m: number, n: number, gain: number, transpose: boolean, out: F32Buffer): void {
  f32_qr_orthonormal(a, q, m, n, gain, transpose ? 1 : 0, out);
}
