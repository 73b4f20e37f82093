import { type Grid, createGrid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { fromFile } from 'geotiff';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTerrainMesh, drapeTextureCoordinates } from '../src/index.js';

let dem: Grid<Float32Array>;
beforeAll(async () => {
  const image = await (await fromFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))).getImage();
  const [originX, originY] = image.getOrigin();
  const [pixelWidth, pixelHeight] = image.getResolution();
  const data = Float32Array.from((await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>);
  dem = createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX as number, pixelWidth as number, 0, originY as number, 0, pixelHeight as number],
    crs: 2154,
    data,
  });
});

/** Height of the mesh surface at cell centre (column, row): linear interpolation in the triangle containing it. */
function meshHeightAt(mesh: ReturnType<typeof createTerrainMesh>, column: number, row: number, triangleOf: Int32Array): number {
  const triangle = triangleOf[row * dem.width + column] as number;
  const vertices = [0, 1, 2].map((k) => mesh.indices[triangle * 3 + k] as number);
  const [a, b, c] = vertices.map((vertex) => [
    (mesh.texCoords[vertex * 2] as number) * dem.width - 0.5,
    (mesh.texCoords[vertex * 2 + 1] as number) * dem.height - 0.5,
    mesh.positions[vertex * 3 + 2] as number,
  ]) as [number[], number[], number[]];
  const det =
    ((b[1] as number) - (c[1] as number)) * ((a[0] as number) - (c[0] as number)) +
    ((c[0] as number) - (b[0] as number)) * ((a[1] as number) - (c[1] as number));
  const wa =
    (((b[1] as number) - (c[1] as number)) * (column - (c[0] as number)) +
      ((c[0] as number) - (b[0] as number)) * (row - (c[1] as number))) /
    det;
  const wb =
    (((c[1] as number) - (a[1] as number)) * (column - (c[0] as number)) +
      ((a[0] as number) - (c[0] as number)) * (row - (c[1] as number))) /
    det;
  return wa * (a[2] as number) + wb * (b[2] as number) + (1 - wa - wb) * (c[2] as number);
}

/** For every cell centre, one triangle of the mesh that contains it (barycentric test over each triangle's box). */
function locateTriangles(mesh: ReturnType<typeof createTerrainMesh>): Int32Array {
  const owner = new Int32Array(dem.width * dem.height).fill(-1);
  for (let triangle = 0; triangle < mesh.indices.length / 3; triangle += 1) {
    const points = [0, 1, 2].map((k) => {
      const vertex = mesh.indices[triangle * 3 + k] as number;
      return [(mesh.texCoords[vertex * 2] as number) * dem.width - 0.5, (mesh.texCoords[vertex * 2 + 1] as number) * dem.height - 0.5] as [
        number,
        number,
      ];
    });
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    for (let row = Math.ceil(Math.min(...ys)); row <= Math.floor(Math.max(...ys)); row += 1) {
      for (let column = Math.ceil(Math.min(...xs)); column <= Math.floor(Math.max(...xs)); column += 1) {
        const [a, b, c] = points as [[number, number], [number, number], [number, number]];
        const det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
        if (det === 0) continue;
        const wa = ((b[1] - c[1]) * (column - c[0]) + (c[0] - b[0]) * (row - c[1])) / det;
        const wb = ((c[1] - a[1]) * (column - c[0]) + (a[0] - c[0]) * (row - c[1])) / det;
        if (wa >= -1e-9 && wb >= -1e-9 && 1 - wa - wb >= -1e-9 && owner[row * dem.width + column] === -1)
          owner[row * dem.width + column] = triangle;
      }
    }
  }
  return owner;
}

describe('createTerrainMesh (Martini RTIN) on the Oléron DEM', () => {
  test('far fewer triangles than cells; the surface is within the vertical bound at 99.5 % of cell centres, within twice it everywhere', () => {
    const maximumErrorMetres = 0.5;
    const mesh = createTerrainMesh(dem, { maximumErrorMetres });
    const triangles = mesh.indices.length / 3;
    expect(triangles).toBeLessThan((dem.width - 1) * (dem.height - 1) * 2 * 0.6);
    const owner = locateTriangles(mesh);
    let worst = 0;
    let checked = 0;
    let beyond = 0;
    for (let row = 0; row < dem.height - 1; row += 1) {
      for (let column = 0; column < dem.width - 1; column += 1) {
        if ((owner[row * dem.width + column] as number) < 0) continue;
        const error = Math.abs(meshHeightAt(mesh, column, row, owner) - (dem.data[row * dem.width + column] as number));
        worst = Math.max(worst, error);
        if (error > maximumErrorMetres + 1e-4) beyond += 1;
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan((dem.width - 1) * (dem.height - 1) * 0.99);
    // Martini measures its error at hypotenuse midpoints, against the hypotenuse, not against the final triangle's
    // plane: the bound is not strict everywhere. Measured here: worst 0.87 m for 0.5 m, 0.26 % of cells beyond.
    console.info(
      `terrain mesh: ${triangles} triangles, worst vertical error ${worst.toFixed(3)} m, ${beyond} of ${checked} cells beyond ${maximumErrorMetres} m`,
    );
    expect(beyond / checked).toBeLessThan(0.005);
    expect(worst).toBeLessThanOrEqual(2 * maximumErrorMetres);
  });

  test('a looser bound gives fewer triangles; vertex heights are DEM values', () => {
    const fine = createTerrainMesh(dem, { maximumErrorMetres: 0.25 });
    const coarse = createTerrainMesh(dem, { maximumErrorMetres: 4 });
    expect(coarse.indices.length).toBeLessThan(fine.indices.length);
    const vertex = 10;
    const column = Math.round((coarse.texCoords[vertex * 2] as number) * dem.width - 0.5);
    const row = Math.round((coarse.texCoords[vertex * 2 + 1] as number) * dem.height - 0.5);
    expect(coarse.positions[vertex * 3 + 2]).toBe(dem.data[row * dem.width + column]);
    expect(() => createTerrainMesh(dem, { maximumErrorMetres: -1 })).toThrow(/got -1/);
  });

  test('drape coordinates of the DEM over itself are its cell-centre coordinates', () => {
    const mesh = createTerrainMesh(dem, { maximumErrorMetres: 2 });
    const texCoords = drapeTextureCoordinates(mesh.planar, 2154, dem);
    for (let index = 0; index < texCoords.length; index += 97) expect(texCoords[index]).toBeCloseTo(mesh.texCoords[index] as number, 6);
  });
});
