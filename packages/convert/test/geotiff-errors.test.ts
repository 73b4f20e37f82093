/**
 * readGeoTIFF on broken and hostile input: every failure is a typed JumeauError whose code and message name the
 * problem (truncated files, bad offsets, wrong byte counts, absurd sizes, unknown codecs, bad options).
 */
import { join } from 'node:path';
import { type JumeauErrorCode, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, describe, expect, it } from 'vitest';
import { readGeoTIFF, readGeoTIFFInfo } from '../src/index.js';
import { readGeoTIFFFile } from '../src/node/index.js';
import { fileBytes, gdal, makeTempDirectory } from './geotiff-reference.js';

const temp = makeTempDirectory('jumeau-geotiff-errors-');
afterAll(() => temp.remove());
const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');

async function expectJumeauError(promise: Promise<unknown>, code: JumeauErrorCode, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isJumeauError(error, code), `expected a ${code} JumeauError, got ${String(error)}`).toBe(true);
  expect(String((error as Error).message)).toMatch(message);
}

/** Offset of the value (or of the pointer to the values) of a tag in the first IFD of a classic little-endian TIFF. */
function tagValueOffset(bytes: Uint8Array, tag: number): { at: number; pointer: boolean; view: DataView } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = view.getUint32(4, true);
  const count = view.getUint16(ifd, true);
  for (let index = 0; index < count; index += 1) {
    const entry = ifd + 2 + index * 12;
    if (view.getUint16(entry, true) === tag) {
      const values = view.getUint32(entry + 4, true);
      return values > 1 ? { at: view.getUint32(entry + 8, true), pointer: true, view } : { at: entry + 8, pointer: false, view };
    }
  }
  throw new Error(`tag ${tag} not found`);
}

describe('corrupt files', () => {
  it('a truncated file is a format error naming the block past the end', async () => {
    const bytes = fileBytes(demPath);
    await expectJumeauError(readGeoTIFF(bytes.slice(0, Math.floor(bytes.length * 0.6))), 'format', /runs past the end of the file/);
  });

  it('a file cut inside its header is a format error', async () => {
    await expectJumeauError(readGeoTIFF(fileBytes(demPath).slice(0, 100)), 'format', /past the end|Truncated/);
    await expectJumeauError(readGeoTIFF(new Uint8Array([0x49, 0x49])), 'format', /TIFF/);
  });

  it('bytes that are not a TIFF are a format error', async () => {
    await expectJumeauError(readGeoTIFF(new TextEncoder().encode('ncols 10\nnrows 10\n')), 'format', /not a TIFF file/);
  });

  it('a tile offset past the end is a format error naming the block', async () => {
    const bytes = fileBytes(demPath);
    const { at, view } = tagValueOffset(bytes, 324);
    view.setUint32(at + 4, 0x7fff0000, true);
    await expectJumeauError(readGeoTIFF(bytes), 'format', /block 1 .*runs past the end/);
  });

  it('a wrong byte count is a format error naming the corrupt DEFLATE block', async () => {
    const bytes = fileBytes(demPath);
    const { at, view } = tagValueOffset(bytes, 325);
    view.setUint32(at, Math.floor(view.getUint32(at, true) / 3), true);
    await expectJumeauError(readGeoTIFF(bytes), 'format', /deflate data in block 0/);
  });

  it('an IFD chain that loops is a format error', async () => {
    const bytes = fileBytes(demPath);
    const view = new DataView(bytes.buffer);
    const ifd = view.getUint32(4, true);
    const count = view.getUint16(ifd, true);
    view.setUint32(ifd + 2 + count * 12, ifd, true);
    await expectJumeauError(readGeoTIFFInfo(bytes), 'format', /loops/);
  });
});

describe('sizes, codecs and CRSs Jumeau refuses', () => {
  it('an absurd declared size is refused with too-large before allocating; a window of it still reads', async () => {
    const path = join(temp.directory, 'huge.tif');
    gdal(
      'gdal_create',
      '-q',
      '-outsize',
      '100000',
      '80000',
      '-ot',
      'Float32',
      '-a_srs',
      'EPSG:2154',
      '-a_ullr',
      '0',
      '8000000',
      '1000000',
      '7200000',
      '-a_nodata',
      '-9999',
      '-co',
      'TILED=YES',
      '-co',
      'SPARSE_OK=TRUE',
      '-co',
      'COMPRESS=DEFLATE',
      '-co',
      'BIGTIFF=YES',
      path,
    );
    await expectJumeauError(readGeoTIFFFile(path), 'too-large', /100000 × 80000 = 8000000000 cells/);
    const window = await readGeoTIFFFile(path, { window: { column: 50_000, row: 40_000, width: 300, height: 200 } });
    expect(window.data.every((value) => value === -9999)).toBe(true);
  });

  for (const [codec, type] of [
    ['LZMA', 'Float32'],
    ['JPEG', 'Byte'],
    ['LERC', 'Float32'],
  ]) {
    it(`${codec} compression is unsupported, named`, async () => {
      const path = join(temp.directory, `${codec}.tif`);
      gdal('gdal_translate', '-q', '-ot', type as string, '-scale', '-20', '40', '0', '255', '-co', `COMPRESS=${codec}`, demPath, path);
      await expectJumeauError(readGeoTIFFFile(path), 'unsupported', new RegExp(`${(codec as string).toLowerCase()} compression`));
    });
  }

  it('a user-defined CRS is a crs error unless options.crs names it', async () => {
    const path = join(temp.directory, 'custom-crs.tif');
    gdal('gdal_translate', '-q', '-a_srs', '+proj=tmerc +lat_0=46 +lon_0=-1 +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m', demPath, path);
    await expectJumeauError(readGeoTIFFFile(path), 'crs', /no EPSG CRS/);
    expect((await readGeoTIFFFile(path, { crs: 'EPSG:2154' })).crs).toBe(2154);
  });
});

describe('bad options', () => {
  const bytes = fileBytes(demPath);
  it('names the offending option', async () => {
    await expectJumeauError(readGeoTIFF(bytes, { band: 0 }), 'input', /band/);
    await expectJumeauError(readGeoTIFF(bytes, { band: 2 }), 'input', /Band 2 does not exist/);
    await expectJumeauError(readGeoTIFF(bytes, { overview: 1 }), 'input', /Overview 1 does not exist/);
    await expectJumeauError(
      readGeoTIFF(bytes, { window: { column: 600, row: 0, width: 100, height: 10 } }),
      'input',
      /not inside the 631×906 image/,
    );
    await expectJumeauError(readGeoTIFF(bytes, { bounds: [0, 0, 10, 10] }), 'input', /do not overlap/);
    await expectJumeauError(readGeoTIFF(bytes, { bounds: [10, 0, 0, 10] }), 'input', /bounds/);
    await expectJumeauError(readGeoTIFF(bytes, { resolution: -5 }), 'input', /resolution/);
    await expectJumeauError(readGeoTIFF('file:///etc/passwd'), 'input', /http/);
    await expectJumeauError(readGeoTIFFFile(join(temp.directory, 'absent.tif')), 'input', /Cannot open the GeoTIFF file/);
  });

  it('an aborted signal stops the read with an aborted error', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expectJumeauError(readGeoTIFF(bytes, { signal: controller.signal }), 'aborted', /user left/);
  });
});
