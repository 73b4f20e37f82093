import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { JumeauError } from '@jumeau/core';
import { elevation, fetchFeatures, geocode, listLayers, searchCatalog, type CatalogOptions } from '@jumeau/catalog';
import { writeArrowIPC, writeGeoJSON } from '@jumeau/convert';
import type { Command, CommandIo } from '../command.js';
import { detectDelimiter, formatCsvField, readCsvRecords } from '../csv.js';
import { writeOutput } from '../io.js';
import { numberListOption, requireOption } from '../program.js';
import { createProgressBar } from '../progress.js';

/** Options every network command shares: an API key for keyed Géoplateforme endpoints (never printed). */
function catalogOptions(io: CommandIo, values: Record<string, unknown>): CatalogOptions {
  const apiKey = (values['api-key'] as string | undefined) ?? io.env.JUMEAU_GEOPLATEFORME_KEY;
  return apiKey ? { httpOptions: { apiKey } } : {};
}

const BBOX_HELP = '  --bbox W,S,E,N   longitude/latitude bounds in degrees';

/** `jumeau catalog search`. */
export const catalogSearchCommand: Command = {
  path: ['catalog', 'search'],
  summary: 'search the Géoplateforme catalogue, data.gouv.fr, a CSW or a STAC API',
  help: `Usage: jumeau catalog search TEXT [--bbox W,S,E,N] [--source geoplateforme|geoplateforme-search|datagouv|URL] [--limit N] [--json]

Lists matching records: title, type, vintage, identifier (and, with --json, every field: abstract, keywords,
extent, dates, lineage, licence, online resources).
${BBOX_HELP}
  --source S       geoplateforme (CSW catalogue, default), geoplateforme-search (layer index), datagouv, or a CSW/STAC URL
  --limit N        records to print (default 20)`,
  allowPositionals: true,
  options: {
    bbox: { type: 'string' },
    source: { type: 'string', default: 'geoplateforme' },
    limit: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    'api-key': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const text = positionals.join(' ');
    const bbox = numberListOption(values, 'bbox', 4) as [number, number, number, number] | undefined;
    const limit = Number(values.limit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100)
      throw new JumeauError('input', `--limit must be 1–100, got "${values.limit}"`);
    const page = await searchCatalog(
      { text, pageSize: limit, source: String(values.source), ...(bbox ? { bbox } : {}) },
      catalogOptions(io, values),
    );
    if (values.json) {
      io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      return;
    }
    io.stdout.write(`${page.totalMatched ?? '?'} records match; first ${page.records.length}:\n`);
    for (const record of page.records)
      io.stdout.write(`- ${record.title} [${record.type ?? '?'}${record.vintage ? `, ${record.vintage}` : ''}] ${record.id}\n`);
  },
};

/** `jumeau catalog layers`. */
export const catalogLayersCommand: Command = {
  path: ['catalog', 'layers'],
  summary: 'list the layers of a WFS, WMS, WMTS or OGC API service (from its URL or capabilities document)',
  help: `Usage: jumeau catalog layers URL [--json]

URL is a capabilities document or a service endpoint (WFS, WMS, WMTS or an OGC API landing page), detected.
--json prints an array of layers: name, title, CRSs, extent (degrees), keywords, formats.`,
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, 'api-key': { type: 'string' } },
  async run({ values, positionals }, io) {
    const [url] = positionals;
    if (!url || positionals.length !== 1) throw new JumeauError('input', 'catalog layers needs one URL');
    const layers = await listLayers(url, catalogOptions(io, values));
    if (values.json) io.stdout.write(`${JSON.stringify(layers, null, 2)}\n`);
    else for (const layer of layers) io.stdout.write(`${layer.name}\t${layer.title}\n`);
  },
};

/** `jumeau catalog features`. */
export const catalogFeaturesCommand: Command = {
  path: ['catalog', 'features'],
  summary: 'download every feature of a WFS or OGC API Features layer into GeoJSON or Arrow (paged)',
  help: `Usage: jumeau catalog features URL --layer NAME [--bbox W,S,E,N] [--crs EPSG:2154] [--where CQL] --out FILE(.geojson|.arrow)

URL is a WFS endpoint or an OGC API Features landing page (detected). Pages through everything (WFS COUNT/STARTINDEX
≤ 5 000 per page, or OGC API next links) with retries, never losing or duplicating a feature.
${BBOX_HELP}
  --crs CRS        output CRS (default WGS84 longitude/latitude)
  --where CQL      WFS CQL_FILTER (sent by POST)`,
  allowPositionals: true,
  options: {
    layer: { type: 'string' },
    bbox: { type: 'string' },
    crs: { type: 'string' },
    where: { type: 'string' },
    out: { type: 'string' },
    'api-key': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [url] = positionals;
    if (!url || positionals.length !== 1) throw new JumeauError('input', 'catalog features needs one URL');
    const out = requireOption(values, 'out');
    const bbox = numberListOption(values, 'bbox', 4) as [number, number, number, number] | undefined;
    const progress = createProgressBar('features', io.stderr, io.env);
    const table = await fetchFeatures(url, {
      ...catalogOptions(io, values),
      layer: requireOption(values, 'layer'),
      ...(bbox ? { bbox } : {}),
      ...(typeof values.crs === 'string' ? { crs: values.crs } : {}),
      ...(typeof values.where === 'string' ? { where: values.where } : {}),
      onProgress: ({ featuresLoaded, featuresMatched }) =>
        progress.update(featuresMatched ? featuresLoaded / featuresMatched : 0, `${featuresLoaded} features`),
    });
    progress.done();
    await writeOutput(io, out, /\.arrow$/i.test(out) ? writeArrowIPC(table) : writeGeoJSON(table));
    io.stderr.write(`${out}: ${table.numRows} features\n`);
  },
};

/** `jumeau catalog elevation`. */
export const catalogElevationCommand: Command = {
  path: ['catalog', 'elevation'],
  summary: 'ground heights (m, RGE ALTI) of points from the Géoplateforme altimetry service',
  help: `Usage: jumeau catalog elevation --points pts.csv [--out z.csv] [--endpoint URL]

pts.csv has lon/lat (or longitude/latitude, x/y) columns in degrees; every column is copied and a z column
(metres, empty where the service has no value) is added. Sent in batches of 5 000 points, rate-limited.`,
  options: {
    points: { type: 'string' },
    out: { type: 'string', default: '-' },
    endpoint: { type: 'string' },
    'api-key': { type: 'string' },
  },
  async run({ values }, io) {
    const path = resolve(io.cwd, requireOption(values, 'points'));
    const rows: string[][] = [];
    let header: string[] = [];
    let delimiter = ',';
    const stream = createReadStream(path, { encoding: 'utf8' });
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(chunk as string);
    const text = chunks.join('');
    delimiter = detectDelimiter(text.split(/\r?\n/)[0] ?? '');
    async function* once(): AsyncGenerator<string> {
      yield text;
    }
    for await (const { fields } of readCsvRecords(once(), delimiter)) {
      if (header.length === 0) header = fields;
      else rows.push(fields);
    }
    const find = (names: string[]) => header.findIndex((name) => names.includes(name.trim().toLowerCase()));
    const lon = find(['lon', 'longitude', 'lng', 'x']);
    const lat = find(['lat', 'latitude', 'y']);
    if (lon < 0 || lat < 0) throw new JumeauError('input', `${path}: no lon/lat columns (header: ${header.join(delimiter)})`);
    const points = rows.map((fields, row) => {
      const longitude = Number(fields[lon]);
      const latitude = Number(fields[lat]);
      if (!Number.isFinite(longitude) || !Number.isFinite(latitude))
        throw new JumeauError('input', `${path} row ${row + 2}: "${fields[lon]}, ${fields[lat]}" is not a position`);
      return { longitude, latitude };
    });
    const options = catalogOptions(io, values);
    const heights = await elevation(points, {
      ...options,
      ...(typeof values.endpoint === 'string' ? { endpoints: { altimetry: values.endpoint } } : {}),
    });
    const lines = [[...header, 'z'], ...rows.map((fields, row) => [...fields, Number.isNaN(heights[row]) ? '' : String(heights[row])])];
    await writeOutput(
      io,
      String(values.out),
      `${lines.map((fields) => fields.map((field) => formatCsvField(field, delimiter)).join(delimiter)).join('\n')}\n`,
    );
  },
};

/** `jumeau geocode`. */
export const geocodeCommand: Command = {
  path: ['geocode'],
  summary: 'find an address or place with the Géoplateforme geocoder',
  help: `Usage: jumeau geocode "TEXT" [--limit N] [--json] [--endpoint URL]

Prints label, longitude, latitude (degrees), kind and INSEE code of the best matches.`,
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    endpoint: { type: 'string' },
    'api-key': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const text = positionals.join(' ').trim();
    if (!text) throw new JumeauError('input', 'geocode needs a text to search');
    const results = await geocode(text, {
      ...catalogOptions(io, values),
      limit: Number(values.limit),
      ...(typeof values.endpoint === 'string' ? { endpoints: { geocoding: values.endpoint } } : {}),
    });
    if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else
      for (const result of results)
        io.stdout.write(`${result.label}\t${result.longitude}\t${result.latitude}\t${result.kind ?? ''}\t${result.cityCode ?? ''}\n`);
  },
};
