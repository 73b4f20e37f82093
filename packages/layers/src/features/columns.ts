import { type FeatureTable, JumeauError } from '@jumeau/core';

/**
 * A numeric column as float64 with nulls (and non-numbers) as NaN; throws `input` naming the column and the
 * columns the table has when it is missing.
 *
 * @example
 * const heights = numericColumn(buildings, 'hauteur'); // Float64Array, NaN where unknown
 */
export function numericColumn(table: FeatureTable, name: string): Float64Array {
  const vector = table.getChild(name);
  if (!vector) {
    const names = table.schema.fields.map((field) => field.name).join(', ');
    throw new JumeauError('input', `The table has no column "${name}" (columns: ${names})`, { details: { column: name } });
  }
  const values = new Float64Array(table.numRows);
  let row = 0;
  for (const value of vector) {
    values[row] = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
    row += 1;
  }
  return values;
}

/** A row of a feature table as a plain object without its geometry column (what picking returns). */
export function tableRow(table: FeatureTable, row: number, geometryColumn: string): Record<string, unknown> {
  const record = table.get(row)?.toJSON() ?? {};
  const { [geometryColumn]: _geometry, ...attributes } = record as Record<string, unknown>;
  return attributes;
}
