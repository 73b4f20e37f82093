import type { ServerResponse } from 'node:http';
import { fixture } from './fixtures.js';
import { send, startLocalServer, type LocalServer, type RecordedRequest } from './local-server.js';

const ALTIMETRY = new Map([
  ['1.48,43.54', 164.34],
  ['1.49,43.55', 141.33],
]);

/**
 * Serves the recorded Géoplateforme / GeoNetwork / data.gouv.fr / STAC responses under the paths the real
 * services use. Altimetry answers from IGN's two published points (164.34 m, 141.33 m), −99999 elsewhere.
 */
export function startGeoplateformeServer(): Promise<LocalServer> {
  return startLocalServer((request, response) => route(request, response));
}

function route(request: RecordedRequest, response: ServerResponse) {
  const path = request.url.pathname;
  const parameter = (name: string) => [...request.url.searchParams].find(([key]) => key.toLowerCase() === name)?.[1];
  const xml = (file: string) => send(response, 200, 'application/xml', fixture(file));
  const json = (file: string) => send(response, 200, 'application/json', fixture(file));
  if (path === '/wfs/ows') return xml('wfs/getcapabilities-featuretypelist.xml');
  if (path === '/wmts') return xml('wmts/getcapabilities.xml');
  if (path === '/wms-r/wms') return xml('wms-r/getcapabilities.xml');
  if (path === '/csw') return routeCsw(request, parameter, xml, response);
  if (path === '/recherche/api/indexes/geoplateforme/suggest') return json('recherche/suggest-text-bd-topo.json');
  if (path === '/recherche/api/indexes/geoplateforme/suggest_autocomplete') return json('recherche/suggest_autocomplete-text.json');
  if (path === '/recherche/api/indexes/geoplateforme' && request.method === 'POST') return json('recherche/search-post-geoplateforme.json');
  if (path.startsWith('/recherche/api/indexes/geoplateforme/documents/')) return json('recherche/document-by-id.json');
  if (path === '/api/1/datasets/5d13a8b6634f41070a43dff3/') return json('datagouv/api1-dataset-5d13a8b6634f41070a43dff3.json');
  if (path === '/api/1/datasets/') return sendDataGouvPage(request, response);
  if (path.startsWith('/api/1/organizations/')) return json('datagouv/api1-organization.json');
  if (path.startsWith('/api/2/datasets/resources/')) return json('datagouv/api2-resource.json');
  if (path === '/stac/search') return json('lidarhd/lidarhd-copc-vpc-stac.json');
  if (path === '/altimetrie/1.0/calcul/alti/rest/elevation.json') return sendElevations(request, response);
  if (path === '/altimetrie/1.0/calcul/alti/rest/elevationLine.json') return json('altimetrie/elevationLine-simple-sampling4.json');
  send(response, 404, 'text/plain', `no fixture for ${path}`);
}

function routeCsw(
  request: RecordedRequest,
  parameter: (name: string) => string | undefined,
  xml: (file: string) => void,
  response: ServerResponse,
) {
  if (parameter('request') === 'GetRecordById') {
    const schema = parameter('outputschema') ?? '';
    return xml(
      schema.includes('isotc211')
        ? 'csw-geonetwork/geobretagne-getrecordbyid-iso19139.xml'
        : 'csw-geonetwork/geonetwork-getrecordbyid-dc-brest.xml',
    );
  }
  if (request.method === 'POST' && request.body.includes('GetRecords')) {
    // Page 1 from GéoPicardie's 965-record answer, then its last page (10 matched → no next).
    return xml(
      /startPosition="1"/.test(request.body)
        ? 'csw-geonetwork/geopicardie-records-results-basic.xml'
        : 'csw-geonetwork/geopicardie-harvest-records-onepage.xml',
    );
  }
  send(response, 400, 'text/plain', 'unexpected CSW request');
}

// data.gouv.fr: the recorded dataset, served as a two-page search (the pager envelope of api2-topic-elements-page).
function sendDataGouvPage(request: RecordedRequest, response: ServerResponse): void {
  const dataset = JSON.parse(fixture('datagouv/api1-dataset-5d13a8b6634f41070a43dff3.json')) as { id: string };
  const page = Number(request.url.searchParams.get('page') ?? '1');
  const next = new URL(request.url.toString().replace('http://127.0.0.1', `http://${request.headers.host}`));
  next.searchParams.set('page', String(page + 1));
  const body = {
    data: page === 1 ? [dataset] : [{ ...dataset, id: `${dataset.id}-copy` }],
    page,
    page_size: 1,
    total: 2,
    next_page: page === 1 ? next.toString() : null,
    previous_page: null,
  };
  send(response, 200, 'application/json', JSON.stringify(body));
}

function sendElevations(request: RecordedRequest, response: ServerResponse): void {
  const body = JSON.parse(request.body) as { lon: string; lat: string; delimiter: string };
  const longitudes = body.lon.split(body.delimiter);
  const latitudes = body.lat.split(body.delimiter);
  const elevations = longitudes.map((longitude, index) => ALTIMETRY.get(`${Number(longitude)},${Number(latitudes[index])}`) ?? -99999);
  send(response, 200, 'application/json', JSON.stringify({ elevations }));
}
