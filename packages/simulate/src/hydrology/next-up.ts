/** The next representable value above x (IEEE 754 `nextafter(x, +∞)`), in Float32 or Float64. */

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bits = new BigUint64Array(float64.buffer);

/**
 * Smallest Float32 strictly greater than `value` (a Float32 value). The ε of Priority-Flood+ε on Float32 DEMs.
 *
 * @example
 * ```ts
 * nextUpFloat32(1) // 1.0000001192092896
 * ```
 */
export function nextUpFloat32(value: number): number {
  if (value === 0) return 1.401298464324817e-45;
  float32[0] = value;
  float32Bits[0] = value > 0 ? (float32Bits[0] as number) + 1 : (float32Bits[0] as number) - 1;
  return float32[0] as number;
}

/**
 * Smallest Float64 strictly greater than `value`. The ε of Priority-Flood+ε on Float64 DEMs.
 *
 * @example
 * ```ts
 * nextUpFloat64(1) // 1.0000000000000002
 * ```
 */
export function nextUpFloat64(value: number): number {
  if (value === 0) return Number.MIN_VALUE;
  float64[0] = value;
  float64Bits[0] = value > 0 ? (float64Bits[0] as bigint) + 1n : (float64Bits[0] as bigint) - 1n;
  return float64[0] as number;
}
