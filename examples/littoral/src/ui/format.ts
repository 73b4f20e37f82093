/** French number formats of the app (Intl, fr-FR): integers, levels and hectares. */
const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const levelFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });

/**
 * An integer count in French (narrow no-break space as thousands separator): `formatCount(10110)` → "10 110".
 *
 * @example
 * ```ts
 * formatCount(5459.09) // "5 459"
 * ```
 */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/**
 * A signed integer delta: "+1 204", "−35", "0".
 *
 * @example
 * ```ts
 * formatDelta(-35) // "-35"
 * ```
 */
export function formatDelta(value: number): string {
  return signedFormat.format(Math.round(value));
}

/**
 * A level in metres with two decimals: `formatLevel(4.541)` → "4,54".
 *
 * @example
 * ```ts
 * `${formatLevel(4.541)} m NGF` // "4,54 m NGF"
 * ```
 */
export function formatLevel(metres: number): string {
  return levelFormat.format(metres);
}

/**
 * An area in square metres as whole hectares: `formatHectares(181_500_000)` → "18 150".
 *
 * @example
 * ```ts
 * `${formatHectares(area)} ha`
 * ```
 */
export function formatHectares(squareMetres: number): string {
  return integerFormat.format(squareMetres / 10_000);
}
