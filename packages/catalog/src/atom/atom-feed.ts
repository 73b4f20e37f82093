import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import type { LonLatExtent } from '../layer.js';
import { attribute, children, path, textOf, type XmlNode } from '../ogc/xml.js';

/** An Atom link (RFC 4287 §4.2.7) with its URL resolved against the feed's. */
export interface AtomLink {
  readonly href: string;
  /** `alternate` when the feed does not say (RFC 4287 §4.2.7.2). */
  readonly rel: string;
  readonly type: string | undefined;
  /** Size in bytes the feed announces (`length`), if any. */
  readonly lengthBytes: number | undefined;
  readonly title: string | undefined;
  readonly hreflang: string | undefined;
}

/** A CRS an entry is offered in (INSPIRE TG DS §5: an Atom `category` whose term is the CRS URI). */
export interface AtomCrs {
  readonly uri: string;
  /** The EPSG code when the URI names one (`…/EPSG/0/2154`, `EPSG:2154`, `urn:ogc:def:crs:EPSG::2154`). */
  readonly epsg: number | undefined;
  readonly label: string | undefined;
}

/** A dataset of a download service feed, pointing at its dataset feed. */
export interface AtomDatasetEntry {
  readonly id: string;
  readonly title: string;
  readonly summary: string | undefined;
  readonly updated: string | undefined;
  /** INSPIRE `spatial_dataset_identifier_code` / `_namespace`: the key linking to the dataset metadata. */
  readonly identifierCode: string | undefined;
  readonly identifierNamespace: string | undefined;
  /** The dataset feed (`rel="alternate"`, `type="application/atom+xml"`). */
  readonly datasetFeedUrl: string | undefined;
  /** The dataset metadata record (`rel="describedby"`). */
  readonly metadataUrl: string | undefined;
  readonly crs: readonly AtomCrs[];
  readonly extent: LonLatExtent | undefined;
  readonly links: readonly AtomLink[];
}

/** One downloadable file of a resource. */
export interface DownloadFile {
  readonly url: string;
  /** MIME type (`application/x-7z-compressed`, `application/geopackage+sqlite3`, …) when given. */
  readonly type: string | undefined;
  readonly sizeBytes: number | undefined;
  readonly title: string | undefined;
}

/** A pre-defined dataset in one CRS and format: the entry of a dataset feed (INSPIRE TG DS §5.1.3). */
export interface DownloadResource {
  readonly id: string;
  readonly title: string;
  readonly summary: string | undefined;
  readonly updated: string | undefined;
  readonly crs: readonly AtomCrs[];
  /** The format, as the MIME type of its files (`undefined` when they disagree or say nothing). */
  readonly format: string | undefined;
  /** One file (`rel="alternate"`) or the sections of a split dataset (`rel="section"`), in feed order. */
  readonly files: readonly DownloadFile[];
  /** Total announced size in bytes, when every file announces one. */
  readonly sizeBytes: number | undefined;
  readonly extent: LonLatExtent | undefined;
}

/** The common head of an Atom feed. */
export interface AtomFeedHead {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string | undefined;
  readonly updated: string | undefined;
  readonly rights: string | undefined;
  /** Service or dataset metadata (`rel="describedby"`). */
  readonly metadataUrl: string | undefined;
  /** The next page of a paged feed (RFC 5005 `rel="next"`). */
  readonly nextUrl: string | undefined;
  readonly links: readonly AtomLink[];
}

/** A download service feed: the datasets it serves. */
export interface AtomServiceFeed extends AtomFeedHead {
  /** The OpenSearch description (`rel="search"`), when the service has one. */
  readonly openSearchUrl: string | undefined;
  readonly datasets: readonly AtomDatasetEntry[];
}

/** A dataset feed: the resources (one per CRS × format, or per area) of one dataset. */
export interface AtomDatasetFeed extends AtomFeedHead {
  /** The service feed (`rel="up"`). */
  readonly serviceFeedUrl: string | undefined;
  readonly resources: readonly DownloadResource[];
}

const ATOM_FEED = /atom\+xml/i;
const linkSchema = z.object({
  href: z.string().min(1),
  lengthBytes: z.number().int().nonnegative().optional(),
});
const headSchema = z.object({ id: z.string().min(1), title: z.string().min(1) });

function readLinks(node: XmlNode, base: string, what: string): AtomLink[] {
  return children(node, 'link').map((link) => {
    const href = attribute(link, 'href') ?? '';
    const lengthText = attribute(link, 'length');
    const lengthBytes = lengthText === undefined || lengthText === '' ? undefined : Number(lengthText);
    const checked = linkSchema.safeParse({ href, lengthBytes });
    if (!checked.success)
      throw new JumeauError('format', `${what}: a link with href "${href}" and length "${lengthText ?? ''}" is not valid`, {
        details: { href, length: lengthText },
      });
    return {
      href: resolveHref(href, base, what),
      rel: attribute(link, 'rel') ?? 'alternate',
      type: attribute(link, 'type'),
      lengthBytes,
      title: attribute(link, 'title'),
      hreflang: attribute(link, 'hreflang'),
    };
  });
}

function resolveHref(href: string, base: string, what: string): string {
  try {
    return new URL(href, base).toString();
  } catch {
    throw new JumeauError('format', `${what}: the link "${href}" is not a URL`, { details: { href } });
  }
}

/** `…/EPSG/0/2154`, `EPSG:2154`, `urn:ogc:def:crs:EPSG::2154` → 2154. */
export function epsgOfCrsUri(uri: string): number | undefined {
  const match = /EPSG(?:\/\d+(?:\.\d+)*\/|:+(?:[\d.]*:)?)(\d+)\s*$/i.exec(uri);
  return match ? Number(match[1]) : undefined;
}

function readCrs(node: XmlNode): AtomCrs[] {
  return children(node, 'category')
    .map((category) => ({ uri: attribute(category, 'term') ?? '', label: attribute(category, 'label') }))
    .filter((category) => /crs|epsg/i.test(category.uri))
    .map((category) => ({ uri: category.uri, epsg: epsgOfCrsUri(category.uri), label: category.label }));
}

/** GeoRSS Simple (`polygon`, `box`, `point`: latitude first) → `[west, south, east, north]`. */
export function readGeoRssExtent(node: XmlNode): LonLatExtent | undefined {
  const text = textOf(node.polygon) ?? textOf(node.box) ?? textOf(node.point);
  if (text === undefined) return undefined;
  const values = text.split(/[\s,]+/).map(Number);
  if (values.length < 2 || values.length % 2 !== 0 || !values.every(Number.isFinite)) return undefined;
  const latitudes = values.filter((_value, index) => index % 2 === 0);
  const longitudes = values.filter((_value, index) => index % 2 === 1);
  return [Math.min(...longitudes), Math.min(...latitudes), Math.max(...longitudes), Math.max(...latitudes)];
}

function readHead(feed: XmlNode, base: string, what: string): AtomFeedHead {
  const head = { id: textOf(feed.id) ?? '', title: textOf(feed.title) ?? '' };
  if (!headSchema.safeParse(head).success)
    throw new JumeauError('format', `${what}: an Atom feed needs an id and a title (RFC 4287 §4.1.1)`, { details: head });
  const links = readLinks(feed, base, what);
  return {
    ...head,
    subtitle: textOf(feed.subtitle),
    updated: textOf(feed.updated),
    rights: textOf(feed.rights),
    metadataUrl: links.find((link) => link.rel === 'describedby')?.href,
    nextUrl: links.find((link) => link.rel === 'next')?.href,
    links,
  };
}

function feedOf(root: XmlNode, what: string): XmlNode {
  const feed = path(root, 'feed');
  if (!feed) throw new JumeauError('format', `${what}: not an Atom feed (no <feed> root element)`, { details: { what } });
  return feed;
}

function entryHead(entry: XmlNode, index: number, what: string): { id: string; title: string } {
  const head = { id: textOf(entry.id) ?? '', title: textOf(entry.title) ?? '' };
  if (!headSchema.safeParse(head).success)
    throw new JumeauError('format', `${what}: entry ${index + 1} has no id or no title`, { details: { index, ...head } });
  return head;
}

/**
 * Reads an INSPIRE download service feed (Technical Guidance for Download Services 3.1, §5.1.2; RFC 4287):
 * one entry per dataset, each linking to its dataset feed. `base` resolves relative links.
 *
 * @example
 * ```ts
 * const service = readAtomServiceFeed(parseXml(text, 'Atom'), 'https://example.org/atom/service.xml')
 * service.datasets.map((dataset) => dataset.datasetFeedUrl)
 * ```
 */
export function readAtomServiceFeed(root: XmlNode, base: string, what = 'Atom service feed'): AtomServiceFeed {
  const feed = feedOf(root, what);
  const head = readHead(feed, base, what);
  const datasets = children(feed, 'entry').map((entry, index): AtomDatasetEntry => {
    const links = readLinks(entry, base, what);
    return {
      ...entryHead(entry, index, what),
      summary: textOf(entry.summary),
      updated: textOf(entry.updated),
      identifierCode: textOf(entry.spatial_dataset_identifier_code),
      identifierNamespace: textOf(entry.spatial_dataset_identifier_namespace),
      datasetFeedUrl: (
        links.find((link) => link.rel === 'alternate' && ATOM_FEED.test(link.type ?? '')) ??
        links.find((link) => link.rel === 'alternate' && link.type === undefined)
      )?.href,
      metadataUrl: links.find((link) => link.rel === 'describedby')?.href,
      crs: readCrs(entry),
      extent: readGeoRssExtent(entry),
      links,
    };
  });
  return { ...head, openSearchUrl: head.links.find((link) => link.rel === 'search')?.href, datasets };
}

/**
 * Reads an INSPIRE dataset feed (TG DS §5.1.3): one entry per pre-defined dataset in a CRS and format, whose
 * files are its `alternate` link (one file) or its `section` links (a dataset split in several files).
 *
 * @example
 * ```ts
 * const feed = readAtomDatasetFeed(parseXml(text, 'Atom'), url)
 * feed.resources.filter((resource) => resource.crs.some((crs) => crs.epsg === 2154))
 * ```
 */
export function readAtomDatasetFeed(root: XmlNode, base: string, what = 'Atom dataset feed'): AtomDatasetFeed {
  const feed = feedOf(root, what);
  const head = readHead(feed, base, what);
  const resources = children(feed, 'entry').map((entry, index): DownloadResource => {
    const links = readLinks(entry, base, what);
    const sections = links.filter((link) => link.rel === 'section');
    const fileLinks = sections.length > 0 ? sections : links.filter((link) => link.rel === 'alternate' && !ATOM_FEED.test(link.type ?? ''));
    const files = fileLinks.map((link) => ({ url: link.href, type: link.type, sizeBytes: link.lengthBytes, title: link.title }));
    const types = new Set(files.map((file) => file.type));
    const sizes = files.map((file) => file.sizeBytes);
    return {
      ...entryHead(entry, index, what),
      summary: textOf(entry.summary),
      updated: textOf(entry.updated),
      crs: readCrs(entry),
      format: types.size === 1 ? files[0]?.type : undefined,
      files,
      sizeBytes: sizes.length > 0 && sizes.every((size) => size !== undefined) ? sizes.reduce((sum, size) => sum + size, 0) : undefined,
      extent: readGeoRssExtent(entry),
    };
  });
  return { ...head, serviceFeedUrl: head.links.find((link) => link.rel === 'up')?.href, resources };
}
