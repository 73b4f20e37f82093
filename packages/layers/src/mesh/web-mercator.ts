/** WGS84 semi-major axis, the sphere radius of Web Mercator (EPSG:3857), in metres. */
export const EARTH_RADIUS_METRES = 6_378_137;

/**
 * Web Mercator coordinates in metres of a longitude/latitude in degrees, written to `output` at `offset`.
 * The space deck.gl's MapView draws in (up to a scale): interpolation errors are measured here.
 */
export function lonLatToMercatorMetres(longitude: number, latitude: number, output: Float64Array, offset: number): void {
  const phi = (latitude * Math.PI) / 180;
  output[offset] = (EARTH_RADIUS_METRES * longitude * Math.PI) / 180;
  output[offset + 1] = EARTH_RADIUS_METRES * Math.log(Math.tan(Math.PI / 4 + phi / 2));
}

/** Ground metres per Web Mercator metre at a latitude in degrees (the inverse of Mercator's scale factor). */
export function groundMetresPerMercatorMetre(latitude: number): number {
  return Math.cos((latitude * Math.PI) / 180);
}

/** Web Mercator metres per screen pixel at a deck.gl zoom level (512-pixel world at zoom 0). */
export function mercatorMetresPerPixel(zoom: number): number {
  return (2 * Math.PI * EARTH_RADIUS_METRES) / (512 * 2 ** zoom);
}
