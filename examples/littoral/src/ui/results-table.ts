/** The results table (DSFR fr-table): flooded area, people, buildings and equipment per commune and in total. */
import type { OutcomeRow, ScenarioOutcome } from '../model/outcome.js';
import { element } from './dom.js';
import { formatCount, formatHectares, formatLevel } from './format.js';

function equipmentCell(row: OutcomeRow, hasEquipment: boolean): string {
  if (!hasEquipment) return '—';
  const total = Object.values(row.equipment).reduce((sum, value) => sum + value, 0);
  return formatCount(total);
}

/** Which data the territory has: a column without data shows "n.d." (non disponible), never a misleading 0. */
interface Available {
  readonly hasEquipment: boolean;
  readonly hasPopulation: boolean;
}

function tableRow(row: OutcomeRow, available: Available, options: { header?: boolean; area?: boolean } = {}): HTMLTableRowElement {
  const name = options.header ? element('th', { scope: 'row' }, row.communeName) : element('td', {}, row.communeName);
  return element(
    'tr',
    { 'data-commune': row.communeId },
    name,
    element('td', { class: 'number', 'data-field': 'area' }, options.area === false ? '—' : formatHectares(row.floodedAreaSquareMetres)),
    element('td', { class: 'number', 'data-field': 'people' }, available.hasPopulation ? formatCount(row.people) : 'n.d.'),
    element('td', { class: 'number', 'data-field': 'buildings' }, formatCount(row.buildings)),
    element('td', { class: 'number', 'data-field': 'equipment' }, equipmentCell(row, available.hasEquipment)),
  );
}

/**
 * Renders the outcome into `container` (replacing what was there). Each number cell has a `data-field`, each row a
 * `data-commune` (`total` for the total), so the end-to-end test reads exactly what the user reads.
 *
 * @example
 * ```ts
 * renderResults(document.querySelector('#results'), outcome, { hasEquipment: false, title: 'Xynthia' })
 * ```
 */
export function renderResults(
  container: HTMLElement,
  outcome: ScenarioOutcome,
  options: { hasEquipment: boolean; hasPopulation?: boolean; title: string; runMilliseconds: number },
): void {
  const available: Available = { hasEquipment: options.hasEquipment, hasPopulation: options.hasPopulation ?? true };
  const caption = element('caption', {}, `Exposition — ${options.title} (niveau total ${formatLevel(outcome.waterLevelMetres)} m NGF)`);
  const head = element(
    'thead',
    {},
    element(
      'tr',
      {},
      ...['Commune', 'Surface inondée (ha)', 'Habitants', 'Bâtiments', 'Équipements'].map((label, index) =>
        element('th', { scope: 'col', class: index > 0 ? 'number' : '' }, label),
      ),
    ),
  );
  const body = element(
    'tbody',
    {},
    ...outcome.byCommune.map((row) => tableRow(row, available)),
    tableRow(outcome.outside, available, { area: false }),
    tableRow(outcome.total, available, { header: true }),
  );
  const notes = element(
    'p',
    { class: 'fr-text--xs fr-mt-1w' },
    'Surface inondée comptée dans les communes seulement (hors communes : mer et estran). ',
    available.hasPopulation
      ? 'Habitants au prorata de la part inondée de chaque carreau INSEE de 200 m. '
      : 'Habitants : pas de population carroyée dans ce territoire (n.d.). ',
    options.hasEquipment ? '' : 'Équipements : pas de données dans ce territoire. ',
    `Calcul : ${formatCount(options.runMilliseconds)} ms.`,
  );
  container.replaceChildren(
    element('h2', { class: 'fr-h5 fr-mt-2w' }, 'Résultats'),
    element('div', { class: 'fr-table fr-mb-0', id: 'results-table' }, element('table', {}, caption, head, body)),
    notes,
  );
}
