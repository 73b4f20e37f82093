/** The GDAL_METADATA tag (42112): an XML list of `<Item name=… sample=… role=…>value</Item>`. Internal. */

/** One metadata item. `sample` is the 0-based band, or null for dataset-level items. */
export interface GdalMetadataItem {
  readonly name: string;
  readonly value: string;
  readonly sample: number | null;
  readonly role: string | null;
}

const ITEM = /<Item\s+([^>]*?)\s*>([\s\S]*?)<\/Item>/g;
const ATTRIBUTE = /(\w+)\s*=\s*"([^"]*)"/g;

/**
 * Parses the GDAL_METADATA XML. Tolerant: an item it cannot read is skipped.
 *
 * @example
 * ```ts
 * parseGdalMetadata('<GDALMetadata><Item name="SCALE" sample="0" role="scale">0.1</Item></GDALMetadata>')
 * ```
 */
export function parseGdalMetadata(xml: string): GdalMetadataItem[] {
  const items: GdalMetadataItem[] = [];
  for (const match of xml.matchAll(ITEM)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[1] ?? '').matchAll(ATTRIBUTE)) attributes.set(attribute[1] ?? '', unescapeXml(attribute[2] ?? ''));
    const name = attributes.get('name');
    if (name === undefined) continue;
    const sample = attributes.get('sample');
    items.push({
      name,
      value: unescapeXml(match[2] ?? ''),
      sample: sample === undefined ? null : Number(sample),
      role: attributes.get('role') ?? null,
    });
  }
  return items;
}

/** Serialises items into a GDAL_METADATA XML document. */
export function formatGdalMetadata(items: readonly GdalMetadataItem[]): string {
  const lines = items.map((item) => {
    const sample = item.sample === null ? '' : ` sample="${item.sample}"`;
    const role = item.role === null ? '' : ` role="${escapeXml(item.role)}"`;
    return `  <Item name="${escapeXml(item.name)}"${sample}${role}>${escapeXml(item.value)}</Item>`;
  });
  return `<GDALMetadata>\n${lines.join('\n')}\n</GDALMetadata>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
