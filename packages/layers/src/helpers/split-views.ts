import { JumeauError } from '@jumeau/core';
import { type Layer, MapView, type MapViewState, type Viewport, WebMercatorViewport } from '@deck.gl/core';

/** Options of {@link createSplitViews}. */
export interface SplitViewsOptions {
  /** Where the divider is, as a fraction of the width (or height) from the left (or top), in (0, 1). Default 0.5. */
  readonly split?: number;
  /** `side-by-side` (left | right, the default) or `stacked` (top / bottom). */
  readonly orientation?: 'side-by-side' | 'stacked';
  /** `swipe`: both views span the whole canvas and the divider reveals one over the other; `split`: two half maps. */
  readonly mode?: 'swipe' | 'split';
}

/** The two views and the functions a Deck needs to compare two scenarios. */
export interface SplitViews {
  readonly views: [MapView, MapView];
  /** deck.gl `layerFilter`: layers whose id starts with `a:` go to the first view, `b:` to the second, others to both. */
  readonly layerFilter: (context: { layer: Layer; viewport: Viewport }) => boolean;
  /**
   * The view state of each view from one shared view state and the canvas size (pixels), so both maps stay
   * synchronised; in swipe mode the narrower first view is re-centred so its map lines up exactly with the
   * second (exact without pitch; with pitch the perspective of the narrow view differs slightly).
   */
  readonly viewStates: (viewState: MapViewState, widthPixels: number, heightPixels: number) => Record<'a' | 'b', MapViewState>;
}

/**
 * Two synchronised map views to compare scenarios (before/after, with/without dikes): side by side or a swipe.
 * Prefix layer ids with `a:` / `b:` to choose their view.
 *
 * @example
 * const split = createSplitViews({ split: 0.5, mode: 'swipe' });
 * new Deck({ views: split.views, layerFilter: split.layerFilter, viewState: split.viewStates(viewState, 800, 600),
 *   layers: [new FloodLayer({ id: 'a:flood', depth: withDikes }), new FloodLayer({ id: 'b:flood', depth: withoutDikes })] });
 */
export function createSplitViews(options: SplitViewsOptions = {}): SplitViews {
  const { split = 0.5, orientation = 'side-by-side', mode = 'split' } = options;
  if (!(split > 0 && split < 1)) throw new JumeauError('input', `split must be in (0, 1), got ${split}`, { details: { split } });
  const percent = (value: number) => `${(value * 100).toFixed(4)}%`;
  const along = orientation === 'side-by-side' ? (['x', 'width'] as const) : (['y', 'height'] as const);
  const first = { [along[0]]: 0, [along[1]]: percent(split) };
  const second = mode === 'swipe' ? { [along[0]]: 0, [along[1]]: '100%' } : { [along[0]]: percent(split), [along[1]]: percent(1 - split) };
  const views: [MapView, MapView] = [
    new MapView({ id: 'a', controller: true, ...first }),
    new MapView({ id: 'b', controller: true, ...second }),
  ];
  if (mode === 'swipe') views.reverse();
  const layerFilter = ({ layer, viewport }: { layer: Layer; viewport: Viewport }) => {
    const prefix = layer.id.split(':')[0];
    return (prefix !== 'a' && prefix !== 'b') || layer.id.startsWith(`${viewport.id}:`);
  };
  const viewStates = (viewState: MapViewState, widthPixels: number, heightPixels: number) => {
    if (mode !== 'swipe') return { a: viewState, b: viewState };
    const full = new WebMercatorViewport({ ...viewState, width: widthPixels, height: heightPixels });
    const centre: [number, number] =
      orientation === 'side-by-side' ? [(split * widthPixels) / 2, heightPixels / 2] : [widthPixels / 2, (split * heightPixels) / 2];
    const [longitude, latitude] = full.unproject(centre) as [number, number];
    return { a: { ...viewState, longitude, latitude }, b: viewState };
  };
  return { views, layerFilter, viewStates };
}
