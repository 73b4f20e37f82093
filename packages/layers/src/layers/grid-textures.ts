import { type Grid, isNodata } from '@jumeau/core';
import type { Device, Texture } from '@luma.gl/core';

/** The value a nodata cell carries on the GPU (see the fragment shader's NO_DATA). */
export const GPU_NO_DATA = -3.0e38;

/** A grid's values as float32 with nodata (and NaN) replaced by {@link GPU_NO_DATA}, ready for an r32float texture. */
export function gridValuesForGpu(grid: Grid): Float32Array {
  const values = new Float32Array(grid.width * grid.height);
  const { data, nodata } = grid;
  for (let index = 0; index < values.length; index += 1) {
    const value = data[index] as number;
    values[index] = isNodata(value, nodata) ? GPU_NO_DATA : value;
  }
  return values;
}

/** An r32float texture of a grid's values, sampled by texel fetch (no filtering). */
export function createValueTexture(device: Device, grid: Grid): Texture {
  const texture = device.createTexture({
    width: grid.width,
    height: grid.height,
    format: 'r32float',
    sampler: { minFilter: 'nearest', magFilter: 'nearest', addressModeU: 'clamp-to-edge', addressModeV: 'clamp-to-edge' },
  });
  texture.writeData(gridValuesForGpu(grid));
  return texture;
}

/** An rgba8unorm texture from bytes (a colormap table, a drape image); linear filtering when `smooth`. */
export function createRgbaTexture(device: Device, data: Uint8Array, width: number, height: number, smooth = false): Texture {
  const filter = smooth ? 'linear' : 'nearest';
  const texture = device.createTexture({
    width,
    height,
    format: 'rgba8unorm',
    sampler: { minFilter: filter, magFilter: filter, addressModeU: 'clamp-to-edge', addressModeV: 'clamp-to-edge' },
  });
  texture.writeData(data);
  return texture;
}

/** A 1 × 1 r32float texture holding no data: bound to samplers a draw does not use. */
export function createEmptyValueTexture(device: Device): Texture {
  const texture = device.createTexture({
    width: 1,
    height: 1,
    format: 'r32float',
    sampler: { minFilter: 'nearest', magFilter: 'nearest' },
  });
  texture.writeData(new Float32Array([GPU_NO_DATA]));
  return texture;
}
