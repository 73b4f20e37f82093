import { JumeauError, type FeatureTable } from '@jumeau/core';

/** The burn value of each row: one constant, or a numeric column read once into a Float64Array. */
export function burnValues(table: FeatureTable, burn: number | string): Float64Array | number {
  if (typeof burn === 'number') return burn;
  const column = table.getChild(burn);
  if (!column) {
    const names = table.schema.fields.map((field) => field.name).join(', ');
    throw new JumeauError('input', `Burn column "${burn}" is not in the table (columns: ${names})`, { details: { burn } });
  }
  const values = new Float64Array(table.numRows);
  for (let row = 0; row < table.numRows; row += 1) {
    const value = column.get(row) as unknown;
    const number = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : (value as number | null);
    if (number === null || number === undefined || Number.isNaN(number)) {
      values[row] = Number.NaN;
      continue;
    }
    if (typeof number !== 'number')
      throw new JumeauError('input', `Burn column "${burn}" holds a non-numeric value ${String(value)} at row ${row}`);
    values[row] = number;
  }
  return values;
}
