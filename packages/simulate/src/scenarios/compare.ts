import { JumeauError } from '@jumeau/core';
import { Float64, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';

function isNumeric(type: DataType): boolean {
  return /^(Float|Int|Uint)/.test(String(type));
}

/**
 * Per-key deltas between two scenario tables (e.g. two `byCommune` exposure tables): for each numeric column
 * present in either, `<name>:a`, `<name>:b` and `<name>:delta` (b − a; a missing value counts as 0). Rows are the
 * union of keys, in the order they first appear in `a` then `b`.
 *
 * @example
 * ```ts
 * const delta = compareScenarios(today.byCommune, in2100.byCommune) // people:delta per commune
 * ```
 */
export function compareScenarios(a: Table, b: Table, options: { key?: string } = {}): Table {
  const key = options.key ?? 'communeId';
  for (const [name, table] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!table.getChild(key)) throw new JumeauError('input', `Scenario table ${name} has no key column "${key}"`);
  }
  const keysOf = (table: Table) => Array.from({ length: table.numRows }, (_, row) => String(table.getChild(key)?.get(row)));
  const keysA = keysOf(a);
  const keysB = keysOf(b);
  const keys = [...new Set([...keysA, ...keysB])];
  const rowA = new Map(keysA.map((value, row) => [value, row]));
  const rowB = new Map(keysB.map((value, row) => [value, row]));
  const numeric = [
    ...new Set(
      [...a.schema.fields, ...b.schema.fields].filter((field) => field.name !== key && isNumeric(field.type)).map((field) => field.name),
    ),
  ];
  const columns: Record<string, Vector> = { [key]: vectorFromArray(keys, new Utf8()) };
  const cellValue = (table: Table, rows: Map<string, number>, name: string, value: string) => {
    const row = rows.get(value);
    const cell = row === undefined ? null : table.getChild(name)?.get(row);
    return typeof cell === 'number' ? cell : typeof cell === 'bigint' ? Number(cell) : 0;
  };
  for (const name of numeric) {
    const valuesA = keys.map((value) => cellValue(a, rowA, name, value));
    const valuesB = keys.map((value) => cellValue(b, rowB, name, value));
    columns[`${name}:a`] = vectorFromArray(valuesA, new Float64());
    columns[`${name}:b`] = vectorFromArray(valuesB, new Float64());
    columns[`${name}:delta`] = vectorFromArray(
      valuesB.map((value, index) => value - (valuesA[index] as number)),
      new Float64(),
    );
  }
  return new Table(columns);
}
