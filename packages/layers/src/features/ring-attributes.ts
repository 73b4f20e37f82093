import { type Colormap, colorForValue, colormapTable } from '../colormap/colormaps.js';
import type { FlatRings } from './footprints.js';

/** A per-row value spread to every vertex of the row's rings (deck.gl binary polygons take per-vertex attributes). */
export function spreadToVertices(rings: FlatRings, valueOfRow: (row: number) => number): Float32Array {
  const vertexCount = rings.positions.length / 2;
  const values = new Float32Array(vertexCount);
  for (let ring = 0; ring < rings.ringRows.length; ring += 1) {
    values.fill(valueOfRow(rings.ringRows[ring] as number), rings.startIndices[ring] as number, rings.startIndices[ring + 1] as number);
  }
  return values;
}

/** Per-vertex RGBA: the colormap colour of the row's value, or `unknownColor` when it is NaN. */
export function colorVertices(
  rings: FlatRings,
  values: Float64Array | null,
  colormap: Colormap,
  valueRange: readonly [number, number],
  unknownColor: readonly [number, number, number, number?],
): Uint8Array {
  const table = colormapTable(colormap);
  const colors = new Uint8Array((rings.positions.length / 2) * 4);
  for (let ring = 0; ring < rings.ringRows.length; ring += 1) {
    const value = values ? (values[rings.ringRows[ring] as number] as number) : Number.NaN;
    const color = Number.isNaN(value) ? unknownColor : colorForValue(value, valueRange, table);
    for (let vertex = rings.startIndices[ring] as number; vertex < (rings.startIndices[ring + 1] as number); vertex += 1) {
      colors.set([color[0] as number, color[1] as number, color[2] as number, (color[3] ?? 255) as number], vertex * 4);
    }
  }
  return colors;
}
