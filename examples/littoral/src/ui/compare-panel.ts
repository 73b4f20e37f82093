/**
 * "Comparer": a second scenario derived from the current one (other defences state, 2100 under SSP5-8.5, the
 * +0,60 m practice margin), shown behind a swipe divider, with deltas per commune from `compareScenarios`.
 */
import { compareScenarios } from '@jumeau/simulate';
import { type ScenarioOutcome, outcomeTable } from '../model/outcome.js';
import { type ScenarioSettings, describeScenario } from '../model/scenario.js';
import { element } from './dom.js';
import { formatCount, formatDelta } from './format.js';

const CHOICES = [
  ['none', 'Aucune comparaison'],
  ['defences', 'Défenses dans l’autre état (intactes ↔ rompues)'],
  ['2100', 'Même scénario en 2100, SSP5-8.5'],
  ['margin', 'Même scénario avec la marge +0,60 m (2100)'],
] as const;

/** The mounted panel. */
export interface ComparePanel {
  /** The comparison scenario of `settings` (null when none is chosen). */
  comparisonOf(settings: ScenarioSettings): ScenarioSettings | null;
  onChange(listener: () => void): void;
  onSplit(listener: (fraction: number) => void): void;
  /** Shows the deltas (or clears them with null). */
  render(main: ScenarioOutcome, other: ScenarioOutcome | null, labels: readonly [string, string]): void;
}

function derive(choice: string, settings: ScenarioSettings): ScenarioSettings | null {
  if (choice === 'defences') return { ...settings, defences: settings.defences === 'intact' ? 'breached' : 'intact' };
  if (choice === '2100') return { ...settings, horizon: 2100, climate: 'SSP5-8.5' };
  if (choice === 'margin') return { ...settings, practice: '2100' };
  return null;
}

/**
 * Mounts the panel.
 *
 * @example
 * ```ts
 * const compare = createComparePanel(container, { hasDefences: true })
 * compare.onChange(() => runner.request(settings, compare.comparisonOf(settings)))
 * ```
 */
export function createComparePanel(container: HTMLElement, options: { hasDefences: boolean }): ComparePanel {
  const select = element(
    'select',
    { class: 'fr-select', id: 'compare-choice' },
    ...CHOICES.filter(([value]) => options.hasDefences || value !== 'defences').map(([value, label]) =>
      element('option', { value }, label),
    ),
  );
  const swipe = element('input', { type: 'range', id: 'compare-split', min: 5, max: 95, step: 1, value: 50 });
  const swipeGroup = element(
    'div',
    { class: 'fr-range-group littoral-swipe', hidden: true },
    element('label', { class: 'fr-label', for: 'compare-split' }, 'Position du rideau (% de la largeur : A à gauche, B à droite)'),
    element('div', { class: 'fr-range fr-range--sm' }, swipe),
  );
  const output = element('div', { id: 'compare-output', 'aria-live': 'polite' });
  container.replaceChildren(
    element('h2', { class: 'fr-h5 fr-mt-3w' }, 'Comparer deux scénarios'),
    element('div', { class: 'fr-select-group' }, element('label', { class: 'fr-label', for: 'compare-choice' }, 'Scénario B'), select),
    swipeGroup,
    output,
  );
  const changeListeners: Array<() => void> = [];
  select.addEventListener('change', () => {
    swipeGroup.hidden = select.value === 'none';
    for (const listener of changeListeners) listener();
  });
  return {
    comparisonOf: (settings) => derive(select.value, settings),
    onChange: (listener) => void changeListeners.push(listener),
    onSplit: (listener) => swipe.addEventListener('input', () => listener(Number(swipe.value) / 100)),
    render(main, other, labels) {
      if (!other) return void output.replaceChildren();
      const deltas = compareScenarios(outcomeTable(main), outcomeTable(other));
      const names = new Map([...main.byCommune, main.outside].map((row) => [row.communeId, row.communeName]));
      const rows = Array.from({ length: deltas.numRows }, (_, row) => {
        const id = String(deltas.getChild('communeId')?.get(row));
        const cell = (name: string) => Number(deltas.getChild(name)?.get(row) ?? 0);
        return element(
          'tr',
          {},
          element('td', {}, names.get(id) ?? id),
          element('td', { class: 'number' }, formatCount(cell('people:a'))),
          element('td', { class: 'number' }, formatCount(cell('people:b'))),
          element('td', { class: 'number' }, formatDelta(cell('people:delta'))),
          element('td', { class: 'number' }, formatCount(cell('buildings:a'))),
          element('td', { class: 'number' }, formatCount(cell('buildings:b'))),
          element('td', { class: 'number' }, formatDelta(cell('buildings:delta'))),
        );
      });
      const head = ['Commune', 'Habitants A', 'Habitants B', 'Écart', 'Bâtiments A', 'Bâtiments B', 'Écart'];
      output.replaceChildren(
        element(
          'p',
          { class: 'fr-text--sm' },
          element('span', { class: 'fr-badge fr-badge--info fr-badge--sm' }, 'A'),
          ` ${labels[0]} — `,
          element('span', { class: 'fr-badge fr-badge--warning fr-badge--sm' }, 'B'),
          ` ${labels[1]}`,
        ),
        element(
          'div',
          { class: 'fr-table', id: 'compare-table' },
          element(
            'table',
            {},
            element('caption', {}, 'Écarts par commune (B − A)'),
            element('thead', {}, element('tr', {}, ...head.map((label) => element('th', { scope: 'col' }, label)))),
            element('tbody', {}, ...rows),
          ),
        ),
      );
    },
  };
}

/**
 * Labels of a comparison, for the badges.
 *
 * @example
 * ```ts
 * comparisonLabels(a, { ...a, defences: 'breached' }) // ['4,54 m NGF, digues intactes', '4,54 m NGF, digues rompues']
 * ```
 */
export function comparisonLabels(main: ScenarioSettings, other: ScenarioSettings): [string, string] {
  return [describeScenario(main), describeScenario(other)];
}
