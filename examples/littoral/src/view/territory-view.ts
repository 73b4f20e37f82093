/**
 * The 3D view (deck.gl, MapView, no basemap token): terrain from the DEM, buildings extruded by height and
 * coloured by flood depth, communes and defences, the water of the current scenario — and, when comparing, two
 * synchronised views with a swipe divider (`createSplitViews` of @jumeau/layers).
 *
 * Terrain and water are drawn with `GridSurfaceLayer`, the primitive under `TerrainMeshLayer`/`FloodLayer`, from
 * meshes the worker built with the same functions (`createTerrainMesh`, `createGridMesh`): building them on the
 * main thread costs 0.5–1.5 s per mesh on Oléron, which would freeze the page at every level change.
 */
import { Deck, MapView, type MapViewState } from '@deck.gl/core';
import { gridBounds } from '@jumeau/core';
import {
  type BoundedDrapeImage,
  GridSurfaceLayer,
  type TerrainMesh,
  createSplitViews,
  fitBounds,
  gridValueRange,
  imageTextureCoordinates,
} from '@jumeau/layers';
import type { Territory } from '../bundle/load-territory.js';
import type { FloodSurface } from '../worker/littoral-tasks.js';
import { type BuildingPrisms, buildingPrismsLayer, createBuildingPrisms } from './building-prisms.js';
import { outlineLayer, segmentsOf } from './overlay-layers.js';

/** Vertical exaggeration of terrain, water and buildings (the island is flat: relief is a few metres). */
export const ELEVATION_SCALE = 3;
/**
 * Buildings are drawn from this zoom on: below it a 10 m building is under a pixel, and 24 746 prisms (250 k
 * triangles) would triple the cost of every frame for nothing visible (seconds per frame under software GL).
 */
export const BUILDINGS_MINIMUM_ZOOM = 12.5;
/** Depths at the ends of the water and building colormaps, m. */
export const DEPTH_RANGE: readonly [number, number] = [0, 3];

/** The mounted view. */
export interface TerritoryView {
  /** Colours buildings by their water depth (m, 0 = dry); with `comparison`, two views behind a swipe. */
  showBuildings(main: Float32Array, comparison: Float32Array | null): void;
  /** Draws the water surfaces. */
  showWater(main: FloodSurface, comparison: FloodSurface | null): void;
  setSplit(fraction: number): void;
  setDrape(image: BoundedDrapeImage | null): void;
  /** Gives the terrain mesh once the worker has built it (the view can be created before, to warm up meanwhile). */
  setTerrain(mesh: TerrainMesh): void;
  /** Resolves after the first frame with terrain, buildings and water drawn. */
  readonly firstFrame: Promise<void>;
  finalize(): void;
}

function initialViewState(territory: Territory, container: HTMLElement): MapViewState {
  const view = territory.manifest.view;
  if (view) return { longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch, bearing: view.bearing };
  const fitted = fitBounds(gridBounds(territory.dem), territory.dem.crs, {
    width: container.clientWidth || 800,
    height: container.clientHeight || 600,
  });
  return { ...fitted, pitch: 45 };
}

function waterLayer(id: string, surface: FloodSurface) {
  return new GridSurfaceLayer({
    id,
    mesh: surface.mesh,
    grid: surface.wet,
    colormap: 'blues',
    valueRange: DEPTH_RANGE,
    elevationScale: ELEVATION_SCALE,
    valueOpacity: 0.85,
    parameters: { depthCompare: 'less-equal' },
  });
}

/**
 * Creates the Deck in `container`.
 *
 * @example
 * ```ts
 * const view = createTerritoryView(document.querySelector('#map'), territory, null) // while the worker prepares
 * view.setTerrain(prepared.terrainMesh)
 * view.showBuildings(result.exposure.buildingMaximumDepthMetres, null)
 * ```
 */
export function createTerritoryView(container: HTMLElement, territory: Territory, initialTerrain: TerrainMesh | null): TerritoryView {
  let resolveFirstFrame: () => void = () => {};
  const firstFrame = new Promise<void>((resolve) => {
    resolveFirstFrame = resolve;
  });
  const { dem } = territory;
  const communeSegments = segmentsOf(territory.communes);
  const defenceSegments = territory.defences ? segmentsOf(territory.defences) : { count: 0, positions: new Float64Array(0) };
  const heightColumn = territory.manifest.buildings.heightColumn ?? 'hauteur';
  const terrainRange = gridValueRange(dem);
  let viewState = initialViewState(territory, container);
  let split = 0.5;
  let drapeImage: BoundedDrapeImage | null = null;
  let terrainMesh: TerrainMesh | null = initialTerrain;
  let terrain: TerrainMesh | null = initialTerrain;
  // Buildings are built the first time the view is close enough to show them: below BUILDINGS_MINIMUM_ZOOM a
  // `SolidPolygonLayer` would still tessellate and upload 24 746 prisms (and recolour them at every level) on the
  // main thread for nothing visible — a second of the first view under software GL.
  let prisms: BuildingPrisms | null = null;
  const buildingsShown = () => viewState.zoom >= BUILDINGS_MINIMUM_ZOOM;
  const depths: [Float32Array, Float32Array] = [
    new Float32Array(territory.buildings.numRows),
    new Float32Array(territory.buildings.numRows),
  ];
  let version = 0;
  let water: [FloodSurface | null, FloodSurface | null] = [null, null];
  let comparing = false;
  let lastViewStates: Record<'a' | 'b', MapViewState> | null = null;

  const sideLayers = (prefix: string, side: 0 | 1) => {
    if (prisms === null && buildingsShown()) {
      prisms = createBuildingPrisms(territory.buildings, heightColumn, territory.manifest.buildings.defaultHeightMetres);
    }
    return [
      ...(water[side] ? [waterLayer(`${prefix}water`, water[side] as FloodSurface)] : []),
      ...(prisms
        ? [
            buildingPrismsLayer(`${prefix}buildings`, prisms, depths[side], version, DEPTH_RANGE, ELEVATION_SCALE).clone({
              visible: buildingsShown(),
            }),
          ]
        : []),
    ];
  };
  const deck = new Deck<MapView[]>({
    parent: container as HTMLDivElement,
    views: [new MapView({ id: 'main', controller: true })],
    viewState: { main: viewState },
    onViewStateChange: ({ viewState: next, viewId }) => {
      const moved = next as MapViewState;
      // The swipe's narrow view "a" is re-centred; carry its pan back onto the shared state so the views stay locked.
      const shown = lastViewStates?.a;
      viewState =
        viewId === 'a' && shown
          ? {
              ...moved,
              longitude: viewState.longitude + (moved.longitude - shown.longitude),
              latitude: viewState.latitude + (moved.latitude - shown.latitude),
            }
          : moved;
      render();
    },
    onAfterRender: () => {
      if (water[0] && terrain) resolveFirstFrame();
    },
    getTooltip: null,
    // Nothing is pickable: without this, the first pointer event compiles every layer's picking shaders (seconds
    // under software GL) and each hover renders a picking pass.
    _pickable: false,
  });

  function drapedTerrain(): TerrainMesh | null {
    if (!terrainMesh || !drapeImage) return terrainMesh;
    return { ...terrainMesh, texCoords: imageTextureCoordinates(terrainMesh.planar, dem.crs, drapeImage.bounds, drapeImage.crs) };
  }

  function render(): void {
    // Until the worker's mesh arrives, the Deck starts (context, building prisms, outlines) without terrain.
    const base = terrain
      ? new GridSurfaceLayer({
          id: 'terrain',
          mesh: terrain,
          grid: dem,
          image: drapeImage,
          colormap: 'cividis',
          valueRange: terrainRange,
          elevationScale: ELEVATION_SCALE,
          interpolation: 'bilinear',
          parameters: { depthCompare: 'less-equal' },
        })
      : null;
    const overlays = [
      outlineLayer('communes', communeSegments, [0, 0, 145, 255], 2),
      outlineLayer('defences', defenceSegments, [225, 0, 15, 255], 3),
    ];
    if (!comparing) {
      lastViewStates = null;
      deck.setProps({
        views: [new MapView({ id: 'main', controller: true })],
        viewState: { main: viewState },
        layerFilter: null,
        layers: [base, ...sideLayers('', 0), ...overlays].filter((layer) => layer !== null),
      });
      return;
    }
    const views = createSplitViews({ split, mode: 'swipe' });
    const { width, height } = container.getBoundingClientRect();
    lastViewStates = views.viewStates(viewState, width, height);
    deck.setProps({
      views: views.views,
      layerFilter: views.layerFilter,
      viewState: lastViewStates,
      layers: [base, ...sideLayers('a:', 0), ...sideLayers('b:', 1), ...overlays].filter((layer) => layer !== null),
    });
  }
  render();

  return {
    firstFrame,
    showBuildings(main, comparison) {
      comparing = comparison !== null;
      depths[0].set(main);
      if (comparison) depths[1].set(comparison);
      version += 1;
      if (!comparing) water = [water[0], null];
      render();
    },
    showWater(main, comparison) {
      water = [main, comparison];
      render();
    },
    setSplit(fraction) {
      split = Math.min(0.95, Math.max(0.05, fraction));
      render();
    },
    setDrape(image) {
      drapeImage = image;
      terrain = drapedTerrain();
      render();
    },
    setTerrain(mesh) {
      terrainMesh = mesh;
      terrain = drapedTerrain();
      render();
    },
    finalize: () => deck.finalize(),
  };
}
