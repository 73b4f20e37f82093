import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureTableFromGeoJSON, featureTableToGeoJSON, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { rasterize } from '../src/vector/rasterize.js';
import { simplify, type SimplifyReport } from '../src/vector/simplify.js';
import { COMMUNES_17, readLambert93, run, toLambert93GeoJSON, workFolder } from './vector-fixtures.js';

/** For every ring segment (unordered, exact coordinates): the rows of the features whose rings use it. */
function segmentOwners(table: FeatureTable): Map<string, number[]> {
  const owners = new Map<string, number[]>();
  let rowOffset = 0;
  for (const buffers of geometryBuffers(table)) {
    const [polygons, rings, vertices] = buffers.offsets as [Int32Array, Int32Array, Int32Array];
    for (let row = 0; row < buffers.length; row += 1) {
      for (let polygon = polygons[row] as number; polygon < (polygons[row + 1] as number); polygon += 1) {
        for (let ring = rings[polygon] as number; ring < (rings[polygon + 1] as number); ring += 1) {
          for (let vertex = (vertices[ring] as number) + 1; vertex < (vertices[ring + 1] as number); vertex += 1) {
            const a = `${buffers.coordinates[(vertex - 1) * 2]} ${buffers.coordinates[(vertex - 1) * 2 + 1]}`;
            const b = `${buffers.coordinates[vertex * 2]} ${buffers.coordinates[vertex * 2 + 1]}`;
            const key = a < b ? `${a}|${b}` : `${b}|${a}`;
            const list = owners.get(key);
            if (list) list.push(rowOffset + row);
            else owners.set(key, [rowOffset + row]);
          }
        }
      }
    }
    rowOffset += buffers.length;
  }
  return owners;
}

function neighbourPairs(owners: Map<string, number[]>): Set<string> {
  const pairs = new Set<string>();
  for (const list of owners.values()) if (list.length === 2) pairs.add([...list].sort((a, b) => a - b).join('-'));
  return pairs;
}

function totalArea(table: FeatureTable): number {
  let area = 0;
  for (const buffers of geometryBuffers(table)) {
    const vertices = buffers.offsets[2] as Int32Array;
    const rings = buffers.offsets[1] as Int32Array;
    const polygons = buffers.offsets[0] as Int32Array;
    for (let polygon = polygons[0] as number; polygon < (polygons[buffers.length] as number); polygon += 1) {
      for (let ring = rings[polygon] as number; ring < (rings[polygon + 1] as number); ring += 1) {
        let twice = 0;
        for (let vertex = (vertices[ring] as number) + 1; vertex < (vertices[ring + 1] as number); vertex += 1) {
          twice +=
            (buffers.coordinates[(vertex - 1) * 2] as number) * (buffers.coordinates[vertex * 2 + 1] as number) -
            (buffers.coordinates[vertex * 2] as number) * (buffers.coordinates[(vertex - 1) * 2 + 1] as number);
        }
        area += (ring === rings[polygon] ? 1 : -1) * Math.abs(twice / 2);
      }
    }
  }
  return area;
}

function invalidCount(table: FeatureTable, name: string): number {
  const path = join(workFolder, `${name}.geojson`);
  writeFileSync(
    path,
    JSON.stringify({ ...featureTableToGeoJSON(table), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } }),
  );
  const output = run('ogrinfo', [
    '-q',
    '-dialect',
    'SQLite',
    '-sql',
    `SELECT COUNT(*) AS invalid FROM "${name}" WHERE NOT ST_IsValid(geometry)`,
    path,
  ]);
  return Number(/invalid \(Integer\) = (\d+)/.exec(output)?.[1]);
}

describe('simplify, topology-preserving, on the 472 communes of Charente-Maritime (Lambert-93)', () => {
  let communes: FeatureTable;
  beforeAll(() => {
    communes = readLambert93(toLambert93GeoJSON(COMMUNES_17, 'communes-17-simplify'), 'geoarrow.multipolygon');
  });

  for (const method of ['douglas-peucker', 'visvalingam'] as const) {
    it(`${method}: shared borders stay identical, no gap, no overlap, area within 0.5 %`, () => {
      const before = segmentOwners(communes);
      const result = simplify(communes, { tolerance: 150, method });
      const report = JSON.parse(result.schema.metadata.get('jumeau:simplify') ?? '{}') as SimplifyReport;
      expect(report.sharedArcs).toBeGreaterThan(1000);
      expect(report.verticesAfter).toBeLessThan(report.verticesBefore * 0.7);
      expect(report.unresolvedIntersections).toBe(0);
      const after = segmentOwners(result);
      // Every segment is used by one commune (the département's edge) or by exactly two, the same in both.
      for (const list of after.values()) expect(list.length === 1 || (list.length === 2 && list[0] !== list[1])).toBe(true);
      // Neighbourhood is unchanged: the same pairs of communes share a border before and after.
      expect(neighbourPairs(after)).toEqual(neighbourPairs(before));
      const areaBefore = totalArea(communes);
      expect(Math.abs(totalArea(result) - areaBefore) / areaBefore).toBeLessThan(0.005);
      // No overlap: burning every commune once, no 50 m cell centre is inside two of them.
      const frame = { width: 2200, height: 2400, transform: [330_000, 50, 0, 6_590_000, 0, -50] as const, crs: 2154 };
      const count = rasterize(result, frame, { burn: 1, merge: 'sum', dataType: 'uint8' });
      expect(Array.from(count.data).reduce((maximum, value) => Math.max(maximum, value), 0)).toBe(1);
      // Rings keep at least 4 coordinates, and GEOS finds no more invalid polygons than in the input.
      for (const buffers of geometryBuffers(result)) {
        const vertices = buffers.offsets[2] as Int32Array;
        for (let ring = 0; ring + 1 < vertices.length; ring += 1)
          expect((vertices[ring + 1] as number) - (vertices[ring] as number)).toBeGreaterThanOrEqual(4);
      }
      expect(invalidCount(result, `simplified-${method}`)).toBeLessThanOrEqual(invalidCount(communes, 'communes-input'));
      expect(result.getChild('code')?.get(0)).toBe(communes.getChild('code')?.get(0));
    });
  }

  it('without topology, borders are simplified twice and drift apart (why the default matters)', () => {
    const result = simplify(communes, { tolerance: 150, preserveTopology: false });
    const after = segmentOwners(result);
    let orphan = 0;
    for (const list of after.values()) if (list.length === 1) orphan += 1;
    const topological = segmentOwners(simplify(communes, { tolerance: 150 }));
    let orphanTopological = 0;
    for (const list of topological.values()) if (list.length === 1) orphanTopological += 1;
    expect(orphan).toBeGreaterThan(orphanTopological * 2);
  });

  it('refines an arc whose simplification would cross a neighbour, and never collapses a small ring', () => {
    const polygon = (ring: number[][]) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const table = featureTableFromGeoJSON(
      {
        type: 'FeatureCollection',
        features: [
          // The bump (50, 4) lies 4 m off the chord: a 5 m tolerance would drop it and cut through the square below.
          polygon([
            [0, 0],
            [30, 0],
            [50, 4],
            [70, 0],
            [100, 0],
            [100, 100],
            [0, 100],
            [0, 0],
          ]),
          polygon([
            [45, 1],
            [45, -3],
            [55, -3],
            [55, 1],
            [45, 1],
          ]),
          // A 1 m triangle, far below the tolerance: kept whole rather than collapsed.
          polygon([
            [200, 0],
            [201, 0],
            [200, 1],
            [200, 0],
          ]),
        ],
      },
      { crs: 2154, encoding: 'geoarrow.multipolygon' },
    );
    const result = simplify(table, { tolerance: 5 });
    const report = JSON.parse(result.schema.metadata.get('jumeau:simplify') ?? '{}') as SimplifyReport;
    expect(report.refinedArcs).toBeGreaterThanOrEqual(1);
    expect(report.unresolvedIntersections).toBe(0);
    const outer = featureTableToGeoJSON(result).features[0]?.geometry?.coordinates as number[][][][];
    expect(outer[0]?.[0]).toContainEqual([50, 4]);
    const triangle = featureTableToGeoJSON(result).features[2]?.geometry?.coordinates as number[][][][];
    expect(triangle[0]?.[0]).toHaveLength(4);
  });

  it('rejects a negative tolerance and points', () => {
    try {
      simplify(communes, { tolerance: -1 });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/tolerance/);
    }
  });
});
