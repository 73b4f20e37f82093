import type { TerritoryManifest } from '../bundle/manifest.js';
import { XYNTHIA_FORCING_PATH } from './choose-forcing.js';
import { ONLINE_DEM_NODATA } from './fetch-dem.js';

const LICENCE = 'Licence Ouverte / Etalab 2.0';

/** Everything the manifest says about an online build. */
export interface OnlineManifestInput {
  readonly code: string;
  readonly name: string;
  readonly dateIso: string;
  readonly demLayer: string;
  readonly resolutionMetres: number;
  readonly wmsEndpoint: string;
  readonly communeLayer: string;
  readonly buildingLayer: string | null;
  readonly wfsEndpoint: string;
  readonly xynthia: boolean;
  readonly view: { readonly longitude: number; readonly latitude: number; readonly zoom: number } | undefined;
  readonly missing: readonly string[];
}

/** Why population, defences and equipment never come from the Géoplateforme (listed in `missing`). */
export const PERMANENTLY_MISSING: readonly string[] = [
  'population : INSEE Filosofi (carreaux de 200 m) n’est pas servi par le WFS de la Géoplateforme — les habitants exposés ne sont pas disponibles, seuls les bâtiments et la surface le sont',
  'défenses côtières : aucune couche d’ouvrages de défense (digues, cordons) avec altitude de crête sur le WFS de la Géoplateforme — le terrain RGE ALTI est seul à compter',
  'équipements : pas de couche d’équipements publics exploitable telle quelle sur le WFS de la Géoplateforme — non comptés à part',
];

/** Said when the Oléron Xynthia levels do not fit the commune's coast. */
export const FORCING_MISSING =
  'forçage : pas de série de niveaux marins de référence pour cette côte (les niveaux Xynthia d’Oléron ne valent que pour les pertuis charentais et la Vendée) — choisissez le niveau à la main';

/**
 * The `territory.json` of an online build (validated by the caller before it is written): every file with its
 * producer, licence, date and caveats, and `missing[]`.
 *
 * @example
 * ```ts
 * const manifest = onlineManifest({ code: '17286', name: 'Portes-en-Ré', … })
 * ```
 */
export function onlineManifest(input: OnlineManifestInput): TerritoryManifest {
  const retrieved = `consulté le ${input.dateIso}`;
  const manifest = {
    version: 1,
    id: input.code.toLowerCase(),
    name: `${input.name} (${input.code})`,
    dem: {
      path: 'dem.tif',
      crs: 'EPSG:2154',
      verticalDatum: 'NGF-IGN69',
      nodata: ONLINE_DEM_NODATA,
      nodataIsSea: true,
      source: {
        producer: `IGN — RGE ALTI, WMS-R de la Géoplateforme (couche ${input.demLayer})`,
        licence: LICENCE,
        date: retrieved,
        caveats: [
          `Mailles de ${input.resolutionMetres} m rééchantillonnées par le service (RGE ALTI est à 1–5 m)`,
          'Pas de bathymétrie : la mer et les zones sans donnée valent −99999 (sans donnée), jamais 0',
          'La mer « sans donnée » est traitée comme la mer (nodataIsSea) : l’eau entre aussi par les mailles sans donnée, y compris d’éventuels trous du MNT à terre',
          'Hauteurs en m NGF-IGN69',
        ],
        url: input.wmsEndpoint,
      },
    },
    communes: {
      path: 'communes.geojson',
      crs: 'EPSG:4326',
      format: 'geojson',
      idColumn: 'insee_com',
      nameColumn: 'nom',
      source: {
        producer: `IGN — ADMIN EXPRESS COG, WFS de la Géoplateforme (${input.communeLayer})`,
        licence: LICENCE,
        date: retrieved,
        caveats: ['La commune et ses voisines dont l’emprise touche celle de la commune'],
        url: input.wfsEndpoint,
      },
    },
    buildings: {
      path: 'buildings.geojson',
      crs: 'EPSG:4326',
      format: 'geojson',
      heightColumn: 'hauteur',
      defaultHeightMetres: 6,
      source: {
        producer: `IGN — BD TOPO V3, WFS de la Géoplateforme (${input.buildingLayer ?? 'couche bâtiment introuvable'})`,
        licence: LICENCE,
        date: retrieved,
        caveats: [
          'Empreintes réelles ; un bâtiment est exposé si la maille sous son centre est inondée',
          'Colonnes gardées : hauteur, nombre_de_logements, usage_1 ; hauteur inconnue dessinée avec 6 m',
          'Tous les bâtiments de l’emprise (rectangle) de la commune, y compris chez les voisines',
        ],
        url: input.wfsEndpoint,
      },
    },
    ...(input.xynthia ? { forcing: xynthiaForcing() } : {}),
    ...(input.view ? { view: { ...input.view, pitch: 50, bearing: 0 } } : {}),
    missing: [...input.missing],
  };
  return manifest as TerritoryManifest;
}

function xynthiaForcing() {
  return {
    path: XYNTHIA_FORCING_PATH,
    format: 'lisflood-bdy' as const,
    event: 'Xynthia (28 février 2010)',
    source: {
      producer: 'LittoSIM-GEN — niveaux d’eau de Xynthia aux limites du modèle d’Oléron (réutilisés)',
      licence: 'CC BY-SA 4.0',
      date: '28/02/2010',
      caveats: [
        'Série mesurée pour Oléron, réutilisée pour une commune voisine des pertuis charentais : ordre de grandeur, pas une mesure locale',
        'Approche statique : le pic du niveau marin est appliqué partout',
      ],
      url: 'https://github.com/LittoSim/LittoSim_model',
    },
  };
}
