/**
 * Progress of a transition in [0, 1] at `nowMilliseconds`, with a smooth (cubic ease-in-out) profile.
 *
 * @example
 * transitionProgress(0, 300, 600); // 0.5
 */
export function transitionProgress(startMilliseconds: number, nowMilliseconds: number, durationMilliseconds: number): number {
  if (!(durationMilliseconds > 0)) return 1;
  const t = Math.min(Math.max((nowMilliseconds - startMilliseconds) / durationMilliseconds, 0), 1);
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** Positions whose heights are interpolated between two meshes of the same lattice (x, y from `to`). */
export function mixElevations(from: Float64Array, to: Float64Array, progress: number): Float64Array {
  const mixed = Float64Array.from(to);
  if (from.length !== to.length) return mixed;
  for (let index = 2; index < mixed.length; index += 3) {
    mixed[index] = (from[index] as number) + ((to[index] as number) - (from[index] as number)) * progress;
  }
  return mixed;
}
