import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataPath } from '@jumeau/core/node';

/** A MapServer 8 instance behind lighttpd on 127.0.0.1, over real data of ../shared. */
export interface MapServer {
  /** `http://127.0.0.1:PORT/cgi-bin/mapserv?map=JUMEAU` — the OWS endpoint (WFS, WMS, WCS). */
  readonly owsUrl: string;
  /** `http://127.0.0.1:PORT/cgi-bin/mapserv/JUMEAU/ogcapi` — the OGC API landing page. */
  readonly ogcApiUrl: string;
  /** The temp folder holding the data (communes.shp in EPSG:2154, dem.tif). */
  readonly directory: string;
  stop(): Promise<void>;
}

/** The source files the MapServer data is made from (read in place). */
export const COMMUNES_17 = sharedDataPath(
  'admin-express-2018-geojson',
  'departements/17-charente-maritime/communes-17-charente-maritime.geojson',
);
export const OLERON_DEM = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');

/** True when MapServer, lighttpd and ogr2ogr are installed (CI installs them through .ci/run). */
export function mapServerAvailable(): boolean {
  return ['/usr/sbin/lighttpd', '/usr/lib/cgi-bin/mapserv', '/usr/bin/ogr2ogr'].every((file) => existsSync(file));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Converts the real communes of Charente-Maritime (466) to Lambert-93 shapefile + GeoPackage, and the Oléron DEM. */
function makeData(directory: string): void {
  const data = join(directory, 'data');
  mkdirSync(data, { recursive: true });
  const common = ['-t_srs', 'EPSG:2154', '-nln', 'communes', '-lco', 'ENCODING=UTF-8'];
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', join(data, 'communes.shp'), COMMUNES_17, ...common], { stdio: 'pipe' });
  execFileSync('ogr2ogr', ['-f', 'GPKG', join(data, 'communes.gpkg'), COMMUNES_17, '-t_srs', 'EPSG:2154', '-nln', 'communes'], {
    stdio: 'pipe',
  });
  execFileSync('gdal_translate', ['-q', OLERON_DEM, join(data, 'dem.tif')], { stdio: 'pipe' });
}

/** Writes the mapfile, MapServer config and lighttpd config, makes the data, starts lighttpd; resolves once it answers. */
export async function startMapServer(): Promise<MapServer> {
  const directory = mkdtempSync(join(tmpdir(), 'jumeau-mapserver-'));
  for (const folder of ['www', 'run', 'logs']) mkdirSync(join(directory, folder), { recursive: true });
  makeData(directory);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/cgi-bin/mapserv`;
  writeFileSync(join(directory, 'jumeau.map'), mapfile(directory, base));
  writeFileSync(
    join(directory, 'mapserver.conf'),
    `CONFIG\n  ENV\n    MS_MAP_NO_PATH "1"\n    MS_ERRORFILE "${directory}/logs/ms_error.txt"\n  END\n  MAPS\n    JUMEAU "${directory}/jumeau.map"\n  END\nEND\n`,
  );
  writeFileSync(join(directory, 'lighttpd.conf'), lighttpdConfig(directory, port));
  const child = spawn('/usr/sbin/lighttpd', ['-D', '-f', join(directory, 'lighttpd.conf')], { stdio: 'ignore' });
  await waitUntilAnswering(`${base}?map=JUMEAU&SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities`, child);
  return {
    owsUrl: `${base}?map=JUMEAU`,
    ogcApiUrl: `${base}/JUMEAU/ogcapi`,
    directory,
    stop: async () => {
      await stopChild(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`lighttpd exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopChild(child);
  throw new Error('MapServer did not answer within 10 s');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function lighttpdConfig(directory: string, port: number): string {
  return `server.modules = ( "mod_alias", "mod_cgi", "mod_setenv" )
server.bind = "127.0.0.1"
server.port = ${port}
server.document-root = "${directory}/www"
server.errorlog = "${directory}/logs/lighttpd-error.log"
server.max-worker = 0
alias.url = ( "/cgi-bin/" => "/usr/lib/cgi-bin/" )
$HTTP["url"] =~ "^/cgi-bin/" { cgi.assign = ( "" => "" ) }
setenv.add-environment = ( "MAPSERVER_CONFIG_FILE" => "${directory}/mapserver.conf" )
`;
}

function vectorLayer(name: string, connection: string, data: string): string {
  return `  LAYER
    NAME "${name}"
    TYPE POLYGON
    STATUS ON
    CONNECTIONTYPE OGR
    CONNECTION "${connection}"
    ${data}
    TEMPLATE "void"
    PROJECTION "init=epsg:2154" END
    METADATA
      "ows_title" "Communes de Charente-Maritime (ADMIN EXPRESS-COG 2018)"
      "ows_abstract" "466 communes, IGN ADMIN EXPRESS-COG 2018 simplified, Licence Ouverte"
      "ows_keywordlist" "communes,Charente-Maritime,ADMIN EXPRESS"
      "gml_include_items" "all"
      "gml_featureid" "code"
      "gml_types" "auto"
    END
  END
`;
}

function mapfile(directory: string, base: string): string {
  return `MAP
  NAME "jumeau"
  EXTENT 330000 6440000 530000 6600000
  SIZE 512 512
  UNITS METERS
  PROJECTION "init=epsg:2154" END
  OUTPUTFORMAT NAME "application/json" DRIVER "OGR/GEOJSON" MIMETYPE "application/json" FORMATOPTION "STORAGE=stream" FORMATOPTION "FORM=SIMPLE" END
  OUTPUTFORMAT NAME "image/geotiff" DRIVER "GDAL/GTiff" MIMETYPE "image/geotiff" IMAGEMODE FLOAT32 EXTENSION "tif" END
  WEB
    METADATA
      "ows_title" "Jumeau test MapServer"
      "ows_onlineresource" "${base}?map=JUMEAU&"
      "ows_srs" "EPSG:2154 EPSG:4326 EPSG:3857"
      "ows_enable_request" "*"
      "wfs_getfeature_formatlist" "application/json"
      "wfs_maxfeatures" "5000"
      "wfs_compute_number_matched" "true"
      "wms_getmap_formatlist" "image/png,image/geotiff"
      "oga_onlineresource" "${base}/JUMEAU/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
    END
  END
${vectorLayer('communes', `${directory}/data/communes.shp`, '')}${vectorLayer('communes_gpkg', `${directory}/data/communes.gpkg`, 'DATA "communes"')}  LAYER
    NAME "dem"
    TYPE RASTER
    STATUS ON
    DATA "${directory}/data/dem.tif"
    PROJECTION "init=epsg:2154" END
    METADATA
      "ows_title" "Oléron DEM 20 m (NGF-IGN69)"
      "wcs_label" "dem"
    END
  END
END
`;
}
