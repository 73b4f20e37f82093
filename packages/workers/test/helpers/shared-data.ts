/** Real data for the Node tests, read in place from the shared folder (GDAL decodes the GeoTIFF). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FeatureTable, type GeoTransform, type Grid, featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';

/** The Oléron 20 m DEM (631 × 906 Float32, m NGF-IGN69), decoded by `gdal_translate` to raw Float32. */
export function readOleronDem(): Grid<Float32Array> {
  const source = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
  const info = JSON.parse(execFileSync('gdalinfo', ['-json', source], { encoding: 'utf8' })) as {
    size: [number, number];
    geoTransform: number[];
  };
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-workers-'));
  try {
    const raw = join(folder, 'dem.bil');
    execFileSync('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'Float32', source, raw]);
    const bytes = readFileSync(raw);
    const data = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(data.buffer).set(bytes);
    const [width, height] = info.size;
    return {
      width,
      height,
      transform: info.geoTransform as unknown as GeoTransform,
      crs: 2154,
      nodata: null,
      verticalDatum: 'NGF-IGN69',
      units: 'm',
      data,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The 466 communes of Charente-Maritime (IGN ADMIN EXPRESS 2018, simplified), as a GeoArrow feature table. */
export function readCharenteMaritimeCommunes(): FeatureTable {
  const path = sharedDataPath(
    'admin-express-2018-geojson',
    'departements',
    '17-charente-maritime',
    'communes-17-charente-maritime.geojson',
  );
  return featureTableFromGeoJSON(JSON.parse(readFileSync(path, 'utf8')));
}
