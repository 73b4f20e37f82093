import { type HttpClient, wfsFeaturePages } from '@jumeau/catalog';
import { JumeauError, validate } from '@jumeau/core';
import { z } from 'zod';

/** A commune as the online builder needs it. */
export interface ResolvedCommune {
  /** INSEE code, e.g. "17286". */
  readonly code: string;
  readonly name: string;
  /** INSEE department code, e.g. "17". */
  readonly department: string;
  /** `[minX, minY, maxX, maxY]` of its geometry in Lambert-93 (EPSG:2154), metres. */
  readonly bboxLambert93: readonly [number, number, number, number];
  /** The commune's GeoJSON geometry in Lambert-93. */
  readonly geometry: { readonly type: string; readonly coordinates: unknown };
}

/**
 * ADMIN EXPRESS attribute names: `insee_com`/`nom`/`insee_dep` up to version 3.1, `code_insee`/`nom_officiel`/
 * `code_insee_du_departement` in the BD TOPO-style naming of later vintages; both are read.
 */
export const COMMUNE_CODE_PROPERTIES = ['insee_com', 'code_insee'] as const;

const communeFeatureSchema = z.object({
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()).min(1) }),
  properties: z.looseObject({
    nom: z.string().min(1).optional(),
    nom_officiel: z.string().min(1).optional(),
    insee_com: z.string().optional(),
    code_insee: z.string().optional(),
    insee_dep: z.string().optional(),
    code_insee_du_departement: z.string().optional(),
  }),
});

/** `{ insee_com, nom }` of an ADMIN EXPRESS feature's properties, whichever naming it uses. */
export function communeIdentity(properties: Readonly<Record<string, unknown>> | null | undefined): { insee_com: string; nom: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    insee_com: text(properties?.insee_com) || text(properties?.code_insee),
    nom: text(properties?.nom) || text(properties?.nom_officiel),
  };
}

/** Min/max of every position of a GeoJSON coordinates array (any nesting depth). */
export function coordinatesBounds(coordinates: unknown): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      bounds[0] = Math.min(bounds[0], value[0]);
      bounds[1] = Math.min(bounds[1], value[1]);
      bounds[2] = Math.max(bounds[2], value[0]);
      bounds[3] = Math.max(bounds[3], value[1]);
      return;
    }
    for (const item of value) visit(item);
  };
  visit(coordinates);
  if (!Number.isFinite(bounds[0])) throw new JumeauError('format', 'A commune geometry has no coordinates');
  return bounds;
}

/**
 * Finds a commune by INSEE code in the ADMIN EXPRESS layer (discovered from the capabilities), filtered on the
 * server with an OGC Filter Encoding `insee_com = code`, in Lambert-93. Throws `input` when no commune has that code.
 *
 * @example
 * ```ts
 * const commune = await resolveCommune(http, 'https://data.geopf.fr/wfs/ows', 'ADMINEXPRESS-COG.LATEST:commune', '17286')
 * commune.name // 'Portes-en-Ré'
 * ```
 */
export async function resolveCommune(http: HttpClient, endpoint: string, typeName: string, code: string): Promise<ResolvedCommune> {
  let lastError: unknown;
  let answered = false;
  for (const property of COMMUNE_CODE_PROPERTIES) {
    try {
      const found = await findCommune(http, endpoint, typeName, code, property);
      if (found) return found;
      answered = true;
    } catch (error) {
      // A WFS refuses a filter on a property its layer lacks: try the other naming before giving up.
      if (!(error instanceof JumeauError) || error.code === 'network' || error.code === 'aborted') throw error;
      lastError = error;
    }
  }
  if (lastError && !answered) throw lastError;
  throw new JumeauError('input', `Aucune commune de code INSEE ${code} dans ${typeName} (${new URL(endpoint).host})`, {
    details: { code },
  });
}

async function findCommune(
  http: HttpClient,
  endpoint: string,
  typeName: string,
  code: string,
  property: string,
): Promise<ResolvedCommune | undefined> {
  const query = { typeName, crs: 'EPSG:2154', filter: { op: '=' as const, property, value: code }, maximumFeatures: 5 };
  for await (const page of wfsFeaturePages(http, endpoint, query)) {
    const first = page.features[0];
    if (!first) return undefined;
    const feature = validate(communeFeatureSchema, first, `commune ${code} (${typeName})`, 'format');
    const identity = communeIdentity(feature.properties);
    if (identity.insee_com !== code)
      throw new JumeauError('format', `${typeName} answered commune ${identity.insee_com || '?'} for ${code}: the filter was ignored`);
    const department = feature.properties.insee_dep ?? feature.properties.code_insee_du_departement;
    return {
      code,
      name: identity.nom || code,
      department: department ?? code.slice(0, code.startsWith('97') ? 3 : 2),
      bboxLambert93: coordinatesBounds(feature.geometry.coordinates),
      geometry: feature.geometry,
    };
  }
  return undefined;
}
