/** The "et si…" panel: a level range (m NGF) and a button that sweeps it; the chart goes below. */
import { JumeauError } from '@jumeau/core';
import { element } from './dom.js';

/** The mounted panel. */
export interface SweepPanel {
  /** Where the chart is drawn. */
  readonly chart: HTMLElement;
  readonly status: HTMLElement;
  /** Called with the levels to sweep when the user asks for it. */
  onRun(listener: (levels: number[]) => void): void;
}

function numberInput(id: string, label: string, value: number): HTMLElement {
  return element(
    'div',
    { class: 'fr-input-group fr-col' },
    element('label', { class: 'fr-label', for: id }, label),
    element('input', { class: 'fr-input', type: 'number', id, value, step: 0.05, inputmode: 'decimal' }),
  );
}

/**
 * The levels from `first` to `last` (included, within 1e-9) by `step` m, rounded to the millimetre; at most 200.
 *
 * @example
 * ```ts
 * sweepLevels(3, 6, 0.25) // [3, 3.25, …, 6] (13 levels)
 * ```
 */
export function sweepLevels(first: number, last: number, step: number): number[] {
  if (![first, last, step].every(Number.isFinite) || step <= 0 || last < first) {
    throw new JumeauError('input', `Balayage invalide : de ${first} à ${last} par ${step} m (il faut début ≤ fin et un pas > 0)`);
  }
  const count = Math.floor((last - first) / step + 1e-9) + 1;
  if (count > 200) throw new JumeauError('input', `Balayage trop fin : ${count} niveaux (200 au plus)`);
  return Array.from({ length: count }, (_, index) => Math.round((first + index * step) * 1000) / 1000);
}

/**
 * Mounts the panel (default 3,00 → 6,00 m NGF by 0,25 m).
 *
 * @example
 * ```ts
 * const panel = createSweepPanel(container)
 * panel.onRun((levels) => runSweep(levels))
 * ```
 */
export function createSweepPanel(container: HTMLElement): SweepPanel {
  const chart = element('div', { id: 'sweep-output' });
  const status = element('p', { class: 'fr-text--sm', role: 'status', 'aria-live': 'polite' });
  const button = element('button', { type: 'button', class: 'fr-btn fr-btn--sm', id: 'sweep-run' }, 'Lancer le balayage');
  const listeners: Array<(levels: number[]) => void> = [];
  button.addEventListener('click', () => {
    const read = (id: string) => Number((container.querySelector(`#${id}`) as HTMLInputElement).value.replace(',', '.'));
    try {
      const levels = sweepLevels(read('sweep-first'), read('sweep-last'), read('sweep-step'));
      for (const listener of listeners) listener(levels);
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  });
  container.replaceChildren(
    element('h2', { class: 'fr-h5 fr-mt-3w' }, 'Et si… le niveau montait ?'),
    element(
      'p',
      { class: 'fr-text--sm' },
      'Balaye une gamme de niveaux marins avec les autres paramètres du scénario (marge, horizon, défenses, connexité).',
    ),
    element(
      'div',
      { class: 'fr-grid-row fr-grid-row--gutters' },
      numberInput('sweep-first', 'De (m NGF)', 3),
      numberInput('sweep-last', 'À (m NGF)', 6),
      numberInput('sweep-step', 'Pas (m)', 0.25),
    ),
    button,
    status,
    chart,
  );
  return { chart, status, onRun: (listener) => void listeners.push(listener) };
}
