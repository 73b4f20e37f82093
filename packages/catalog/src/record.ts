import type { LonLatExtent } from './layer.js';

/** A link from a catalogue record to data or a service. */
export interface OnlineResource {
  readonly url: string;
  /** `OGC:WFS`, `OGC:WMS`, `WWW:DOWNLOAD-1.0-http--download`, `OGC:WMTS`, a MIME type… as the record says. */
  readonly protocol: string | undefined;
  /** Layer or file name (for a service: the layer to request). */
  readonly name: string | undefined;
  readonly description: string | undefined;
}

/** The dates of a record (ISO 8601 strings as published). */
export interface RecordDates {
  readonly creation: string | undefined;
  readonly publication: string | undefined;
  readonly revision: string | undefined;
}

/** One entry of a catalogue, whatever the source (CSW ISO 19139 / 19115-3 / Dublin Core, search index, data.gouv.fr, STAC). */
export interface CatalogRecord {
  /** Which source produced it (`csw`, `geoplateforme-search`, `datagouv`, `stac`). */
  readonly source: string;
  readonly id: string;
  readonly title: string;
  readonly abstract: string | undefined;
  /** `dataset`, `service`, `series`, a layer service type (`WFS`, `WMTS`…), `Feature` for STAC items… */
  readonly type: string | undefined;
  readonly keywords: readonly string[];
  readonly extent: LonLatExtent | undefined;
  readonly dates: RecordDates;
  /** The vintage ("millésime"): the edition, else the year of the latest date. */
  readonly vintage: string | undefined;
  readonly lineage: string | undefined;
  readonly licence: string | undefined;
  readonly onlineResources: readonly OnlineResource[];
}

/** The year (4 digits) of the latest of the dates, for the vintage. */
export function latestYear(dates: RecordDates): string | undefined {
  const years = [dates.revision, dates.publication, dates.creation]
    .map((date) => date?.match(/^(\d{4})/)?.[1])
    .filter((year): year is string => year !== undefined);
  return years.sort().at(-1);
}
