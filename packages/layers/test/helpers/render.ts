/** Renders deck.gl layers in the test page and reads the pixels back (top row first). */
import { Deck, type Layer, MapView, type MapViewState, WebMercatorViewport } from '@deck.gl/core';
import { commands } from 'vitest/browser';

export interface Rendered {
  readonly width: number;
  readonly height: number;
  /** RGBA, row 0 at the top. */
  readonly pixels: Uint8Array;
  readonly canvas: HTMLCanvasElement;
  readonly deck: Deck<MapView>;
  readonly viewport: WebMercatorViewport;
}

/** Draws `layers` once into a `width × height` canvas (1 CSS px = 1 device px) and reads the frame. */
export async function renderLayers(
  layers: readonly Layer[],
  viewState: MapViewState,
  width = 400,
  height = 400,
  background?: string,
  /** Waits for frames until it holds (e.g. tiles loaded), besides deck.gl having nothing left to redraw. */
  ready: () => boolean = () => true,
): Promise<Rendered> {
  const canvas = document.createElement('canvas');
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = width;
  canvas.height = height;
  if (background) canvas.style.background = background;
  document.body.appendChild(canvas);
  const viewport = new WebMercatorViewport({ ...viewState, width, height });
  return new Promise<Rendered>((resolve, reject) => {
    const deck: Deck<MapView> = new Deck({
      canvas,
      width,
      height,
      useDevicePixels: false,
      views: new MapView({ id: 'map' }),
      viewState,
      controller: false,
      layers: [...layers],
      deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true } } as never,
      onError: (error) => reject(error),
      onAfterRender: () => {
        if (!deck.isInitialized || deck.needsRedraw({ clearRedrawFlags: false }) || !ready()) return;
        const gl = canvas.getContext('webgl2');
        if (!gl) return reject(new Error('no WebGL2 context'));
        const flipped = new Uint8Array(width * height * 4);
        gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, flipped);
        const pixels = new Uint8Array(width * height * 4);
        for (let row = 0; row < height; row += 1) {
          pixels.set(flipped.subarray((height - 1 - row) * width * 4, (height - row) * width * 4), row * width * 4);
        }
        resolve({ width, height, pixels, canvas, deck, viewport });
      },
    });
  });
}

/** The RGBA of the pixel at (x, y) (rounded down to the pixel containing the point). */
export function pixelAt(rendered: Rendered, x: number, y: number): [number, number, number, number] {
  const offset = (Math.floor(y) * rendered.width + Math.floor(x)) * 4;
  const p = rendered.pixels;
  return [p[offset] as number, p[offset + 1] as number, p[offset + 2] as number, p[offset + 3] as number];
}

/** Writes the frame as a PNG in packages/layers/test-output/ so a person can look at it. */
export async function savePng(rendered: Rendered, name: string): Promise<void> {
  const copy = document.createElement('canvas');
  copy.width = rendered.width;
  copy.height = rendered.height;
  const context = copy.getContext('2d');
  if (!context) throw new Error('no 2D context');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, copy.width, copy.height);
  const image = new ImageData(new Uint8ClampedArray(rendered.pixels), rendered.width, rendered.height);
  const layer = document.createElement('canvas');
  layer.width = rendered.width;
  layer.height = rendered.height;
  layer.getContext('2d')?.putImageData(image, 0, 0);
  context.drawImage(layer, 0, 0);
  const base64 = copy.toDataURL('image/png').split(',')[1] as string;
  await commands.writeFile(`packages/layers/test-output/${name}.png`, base64, { encoding: 'base64' });
}

/** Finalizes the Deck and removes its canvas. */
export function disposeRendered(rendered: Rendered): void {
  rendered.deck.finalize();
  rendered.canvas.remove();
}
