/**
 * @jumeau/catalog/node — what needs a file system: downloading the resources of a download service to disk.
 * @packageDocumentation
 */

export type { DownloadOptions, DownloadProgress, DownloadResult } from './download-file.js';
export type { ResourceDownloadOptions, ResourceDownloadProgress } from './download-resource.js';

export { DEFAULT_MAXIMUM_DOWNLOAD_BYTES, downloadFile } from './download-file.js';
export { downloadFileName, downloadResource } from './download-resource.js';
