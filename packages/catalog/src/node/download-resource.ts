import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { JumeauError } from '@jumeau/core';
import type { DownloadResource } from '../atom/atom-feed.js';
import { downloadFile, type DownloadOptions, type DownloadResult } from './download-file.js';

/** Progress over all the files of a resource. */
export interface ResourceDownloadProgress {
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly bytesWritten: number;
  /** Sum of the announced sizes, when every file announces one. */
  readonly totalBytes: number | undefined;
}

/** Options of {@link downloadResource}: those of {@link downloadFile} but progress over the whole resource. */
export interface ResourceDownloadOptions extends Omit<DownloadOptions, 'expectedBytes' | 'onProgress'> {
  readonly onProgress?: (progress: ResourceDownloadProgress) => void;
}

/** A safe file name for a download URL: its last path segment, decoded, without separators. */
export function downloadFileName(url: string): string {
  const segment = decodeURIComponent(basename(new URL(url).pathname));
  const name = segment.replace(/[/\\\0]/g, '_');
  if (name === '' || name === '.' || name === '..')
    throw new JumeauError('input', `Cannot name a file after the URL ${new URL(url).origin}${new URL(url).pathname}`, { details: { url } });
  return name;
}

/**
 * Downloads every file of an Atom resource (one file, or the sections of a split dataset) into `directory`,
 * each checked against the size the feed announces, resumable (see {@link downloadFile}).
 *
 * @example
 * ```ts
 * const [listing] = await listDownloads('https://example.org/atom/service.xml', { dataset: 'BD TOPO', epsg: 2154 })
 * await downloadResource(listing.resources[0], '/data/bdtopo', { onProgress: ({ bytesWritten, totalBytes }) => … })
 * ```
 */
export async function downloadResource(
  resource: DownloadResource,
  directory: string,
  options: ResourceDownloadOptions = {},
): Promise<DownloadResult[]> {
  if (resource.files.length === 0) throw new JumeauError('input', `The resource "${resource.title}" has no file to download`);
  const names = resource.files.map((file) => downloadFileName(file.url));
  if (new Set(names).size !== names.length)
    throw new JumeauError('format', `The files of "${resource.title}" share a name: ${names.join(', ')}`, { details: { names } });
  await mkdir(directory, { recursive: true });
  const results: DownloadResult[] = [];
  let done = 0;
  for (const [fileIndex, file] of resource.files.entries()) {
    const report = (bytesWritten: number) =>
      options.onProgress?.({
        fileIndex,
        fileCount: resource.files.length,
        bytesWritten: done + bytesWritten,
        totalBytes: resource.sizeBytes,
      });
    const result = await downloadFile(file.url, join(directory, names[fileIndex] as string), {
      ...options,
      expectedBytes: file.sizeBytes,
      onProgress: (progress) => report(progress.bytesWritten),
    });
    done += result.bytes;
    results.push(result);
  }
  return results;
}
