/** In a real Deck, a wrong prop reaches deck.gl's `onError` with a JumeauError (as `cause`) naming the layer and the prop. */
import { createGrid, isJumeauError } from '@jumeau/core';
import { describe, expect, test } from 'vitest';
import { BuildingsLayer, GridMeshLayer, TerrainMeshLayer } from '../src/index.js';
import { renderLayers } from './helpers/render.js';

const grid = createGrid({ width: 4, height: 4, transform: [370000, 20, 0, 6540000, 0, -20], crs: 2154, data: new Float32Array(16) });
const view = { longitude: -1.25, latitude: 45.89, zoom: 14 };

async function errorOf(layer: Parameters<typeof renderLayers>[0][number]): Promise<unknown> {
  try {
    await renderLayers([layer], view, 64, 64);
  } catch (error) {
    return error;
  } finally {
    for (const canvas of document.querySelectorAll('canvas')) canvas.remove();
  }
  throw new Error('the layer rendered without error');
}

describe('props validation in Chromium', () => {
  test.each([
    ['GridMeshLayer', 'valueRange', () => new GridMeshLayer({ id: 'g', grid, valueRange: [5, 1] })],
    ['TerrainMeshLayer', 'colormap', () => new TerrainMeshLayer({ id: 't', elevation: grid, colormap: 'jet' as never })],
    ['BuildingsLayer', 'table', () => new BuildingsLayer({ id: 'b', table: { type: 'FeatureCollection', features: [] } as never })],
  ])('%s with a wrong %s', async (layerName, prop, create) => {
    const error = await errorOf(create());
    // deck.gl wraps a layer's error ("initialization of …: message") and keeps ours as the cause.
    const cause = (error as Error).cause;
    expect(isJumeauError(cause) && cause.code).toBe('input');
    expect((cause as Error).message).toMatch(new RegExp(`^Invalid ${layerName} prop ${prop}`));
  });
});
