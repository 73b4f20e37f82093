/**
 * The 3D view (deck.gl, MapView, no basemap token): terrain from the DEM, buildings extruded by height and
 * coloured by flood depth, communes and defences, the water of the current scenario — and, when comparing, two
 * synchronised views with a swipe divider (`createSplitViews` of @jumeau/layers).
 *
 * The view is created as soon as the manifest is read, before the files are: while the workers load and prepare the
 * territory, it draws tiny placeholder layers of every kind it will use, so that WebGL compiles their shaders (seconds
 * under software GL) off the critical path; `setTerritory` then puts the real data in.
 *
 * Terrain and water are drawn with `GridSurfaceLayer`, the primitive under `TerrainMeshLayer`/`FloodLayer`, from
 * meshes the worker built with the same functions (`createTerrainMesh`, `createGridMesh`): building them on the
 * main thread costs 0.5–1.5 s per mesh on Oléron, which would freeze the page at every level change.
 */
import { Deck, MapView, type MapViewState } from '@deck.gl/core';
import { createGrid, gridBounds } from '@jumeau/core';
import {
  type BoundedDrapeImage,
  GridSurfaceLayer,
  type SurfaceMesh,
  type TerrainMesh,
  createSplitViews,
  fitBounds,
  gridValueRange,
  imageTextureCoordinates,
} from '@jumeau/layers';
import type { Territory } from '../bundle/load-territory.js';
import type { TerritoryManifest } from '../bundle/manifest.js';
import type { FloodSurface } from '../worker/littoral-tasks.js';
import { type BuildingPrisms, buildingPrismsLayer, createBuildingPrisms } from './building-prisms.js';
import { type Segments, outlineLayer, segmentsOf, segmentsOfPaths } from './overlay-layers.js';

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
  /** Puts the loaded territory in (outlines, DEM); until then the view warms its shaders up on placeholders. */
  setTerritory(territory: Territory): void;
  /** Colours buildings by their water depth (m, 0 = dry); with `comparison`, two views behind a swipe. */
  showBuildings(main: Float32Array, comparison: Float32Array | null): void;
  /** Draws the water surfaces. */
  showWater(main: FloodSurface, comparison: FloodSurface | null): void;
  setSplit(fraction: number): void;
  setDrape(image: BoundedDrapeImage | null): void;
  /** Gives the terrain mesh once the worker has built it. */
  setTerrain(mesh: TerrainMesh): void;
  /** Today's and the projected shoreline (lon/lat paths `[x0, y0, x1, y1, …]`), or null to hide them. */
  setShoreline(shoreline: { readonly current: readonly Float64Array[]; readonly projected: readonly Float64Array[] } | null): void;
  /** Resolves after the first frame with terrain and water drawn. */
  readonly firstFrame: Promise<void>;
  finalize(): void;
}

/** Metropolitan France, for a manifest without a view until its DEM is known. */
const FRANCE_VIEW: MapViewState = { longitude: 2.5, latitude: 46.6, zoom: 5, pitch: 45, bearing: 0 };

/**
 * The first view: the manifest's, or France (then fitted to the DEM by `setTerritory`).
 *
 * @example
 * ```ts
 * manifestViewState(manifest) // { longitude: -1.2415, latitude: 45.8895, zoom: 10.6, pitch: 50, bearing: 0 } for Oléron
 * ```
 */
export function manifestViewState(manifest: TerritoryManifest): MapViewState {
  const view = manifest.view;
  return view
    ? { longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch, bearing: view.bearing }
    : FRANCE_VIEW;
}

function fittedViewState(territory: Territory, container: HTMLElement): MapViewState {
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

/** One triangle a few centimetres wide at the view's centre (under a pixel) and a 1 × 1 grid: enough to compile. */
function placeholderSurface(viewState: MapViewState): { mesh: SurfaceMesh; grid: ReturnType<typeof createGrid> } {
  const { longitude, latitude } = viewState;
  const size = 1e-7;
  return {
    mesh: {
      positions: Float64Array.of(longitude, latitude, 0, longitude + size, latitude, 0, longitude, latitude + size, 0),
      texCoords: Float32Array.of(0, 0, 1, 0, 0, 1),
      indices: Uint32Array.of(0, 1, 2),
      maximumErrorMetres: 0,
    },
    grid: createGrid({ width: 1, height: 1, data: Float32Array.of(0), crs: 4326, transform: [longitude, size, 0, latitude, 0, -size] }),
  };
}

/**
 * Creates the Deck in `container`, at `initialViewState`, warming up until {@link TerritoryView.setTerritory}.
 *
 * @example
 * ```ts
 * const view = createTerritoryView(document.querySelector('#map'), manifestViewState(manifest)) // while the workers load
 * view.setTerritory(territory)
 * view.setTerrain(terrainMesh)
 * view.showBuildings(result.exposure.buildingMaximumDepthMetres, null)
 * ```
 */
export function createTerritoryView(container: HTMLElement, initialViewState: MapViewState): TerritoryView {
  let resolveFirstFrame: () => void = () => {};
  const firstFrame = new Promise<void>((resolve) => {
    resolveFirstFrame = resolve;
  });
  let viewState = initialViewState;
  const placeholder = placeholderSurface(viewState);
  const placeholderSegments = {
    count: 1,
    positions: Float64Array.of(viewState.longitude, viewState.latitude, viewState.longitude, viewState.latitude),
  };
  let territory: Territory | null = null;
  let communeSegments: Segments = placeholderSegments;
  let defenceSegments: Segments = placeholderSegments;
  let shorelineSegments: { readonly current: Segments; readonly projected: Segments } | null = null;
  let terrainRange: [number, number] = [0, 1];
  let split = 0.5;
  let drapeImage: BoundedDrapeImage | null = null;
  let terrainMesh: TerrainMesh | null = null;
  let terrain: TerrainMesh | null = null;
  // Buildings are built the first time the view is close enough to show them: below BUILDINGS_MINIMUM_ZOOM a
  // `SolidPolygonLayer` would still tessellate and upload 24 746 prisms (and recolour them at every level) on the
  // main thread for nothing visible — a second of the first view under software GL.
  let prisms: BuildingPrisms | null = null;
  const buildingsShown = () => viewState.zoom >= BUILDINGS_MINIMUM_ZOOM;
  let depths: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];
  let version = 0;
  let water: [FloodSurface | null, FloodSurface | null] = [null, null];
  let comparing = false;
  let lastViewStates: Record<'a' | 'b', MapViewState> | null = null;

  const sideLayers = (prefix: string, side: 0 | 1) => {
    if (territory && prisms === null && buildingsShown()) {
      prisms = createBuildingPrisms(
        territory.buildings,
        territory.manifest.buildings.heightColumn ?? 'hauteur',
        territory.manifest.buildings.defaultHeightMetres,
      );
    }
    const surface = water[side];
    return [
      ...(surface ? [waterLayer(`${prefix}water`, surface)] : []),
      ...(prisms
        ? [
            buildingPrismsLayer(`${prefix}buildings`, prisms, depths[side], version, DEPTH_RANGE, ELEVATION_SCALE).clone({
              visible: buildingsShown(),
            }),
          ]
        : []),
    ];
  };
  // One views array for the whole life of the view: a new MapView at each render made deck.gl redraw even when no
  // layer changed (a 0.3–0.5 s frame under software GL for, e.g., building colours below the buildings' zoom).
  const singleView = [new MapView({ id: 'main', controller: true })];
  const deck = new Deck<MapView[]>({
    parent: container as HTMLDivElement,
    views: singleView,
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
    if (!terrainMesh || !drapeImage || !territory) return terrainMesh;
    return {
      ...terrainMesh,
      texCoords: imageTextureCoordinates(terrainMesh.planar, territory.dem.crs, drapeImage.bounds, drapeImage.crs),
    };
  }

  function terrainLayer() {
    // Until the territory and the worker's mesh arrive, a placeholder compiles the surface shader (terrain and water).
    // It is its own layer: the terrain layer is created with its real mesh (a GridSurfaceLayer whose first mesh was
    // the 3-vertex placeholder failed to draw the 20 k-vertex terrain afterwards: "glDrawElements: insufficient
    // buffer size" under SwiftShader, cause not found in deck.gl 9.4's attribute updates).
    const real = terrain !== null && territory !== null;
    return new GridSurfaceLayer({
      id: real ? 'terrain' : 'surface-warm-up',
      mesh: real && terrain ? terrain : placeholder.mesh,
      grid: real && territory ? territory.dem : placeholder.grid,
      image: drapeImage,
      colormap: 'cividis',
      valueRange: terrainRange,
      elevationScale: ELEVATION_SCALE,
      interpolation: 'bilinear',
      parameters: { depthCompare: 'less-equal' },
    });
  }

  function render(): void {
    const base = terrainLayer();
    const overlays = [
      outlineLayer('communes', communeSegments, [0, 0, 145, 255], 2),
      outlineLayer('defences', defenceSegments, [225, 0, 15, 255], 3),
      ...(shorelineSegments
        ? [
            outlineLayer('shoreline-current', shorelineSegments.current, [22, 22, 22, 255], 3),
            outlineLayer('shoreline-projected', shorelineSegments.projected, [255, 110, 0, 255], 3),
          ]
        : []),
    ];
    if (!comparing) {
      lastViewStates = null;
      deck.setProps({
        views: singleView,
        viewState: { main: viewState },
        layerFilter: null,
        layers: [base, ...sideLayers('', 0), ...overlays],
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
      layers: [base, ...sideLayers('a:', 0), ...sideLayers('b:', 1), ...overlays],
    });
  }
  render();

  return {
    firstFrame,
    setTerritory(loaded) {
      territory = loaded;
      communeSegments = segmentsOf(loaded.communes);
      defenceSegments = loaded.defences ? segmentsOf(loaded.defences) : { count: 0, positions: new Float64Array(0) };
      terrainRange = gridValueRange(loaded.dem);
      depths = [new Float32Array(loaded.buildings.numRows), new Float32Array(loaded.buildings.numRows)];
      if (!loaded.manifest.view) viewState = fittedViewState(loaded, container);
      render();
    },
    showBuildings(main, comparison) {
      const wasComparing = comparing;
      comparing = comparison !== null;
      depths[0].set(main);
      if (comparison) depths[1].set(comparison);
      version += 1;
      if (!comparing) water = [water[0], null];
      // Below the buildings' zoom nothing drawn depends on the depths (they are kept for when the user zooms in):
      // no redraw, which is a 0.3–0.7 s frame under software GL, until the water arrives.
      if (prisms === null && !comparing && !wasComparing) return;
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
    setShoreline(shoreline) {
      shorelineSegments = shoreline && { current: segmentsOfPaths(shoreline.current), projected: segmentsOfPaths(shoreline.projected) };
      render();
    },
    finalize: () => deck.finalize(),
  };
}
