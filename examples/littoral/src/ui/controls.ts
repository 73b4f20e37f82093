/**
 * The scenario controls (DSFR, keyboard operable, every input labelled): still-water level with a "reference
 * event" button, horizon × IPCC scenario, practice margin, defences, connectivity.
 */
import type { SeaLevelScenario } from '@jumeau/simulate';
import {
  type Horizon,
  type PracticeMargin,
  type ScenarioSettings,
  defaultScenario,
  describeScenario,
  floodLevelOf,
  seaLevelRiseOf,
} from '../model/scenario.js';
import { element } from './dom.js';
import { formatLevel } from './format.js';

/** Options of {@link createControls}. */
export interface ControlsOptions {
  /** Reference event level (m NGF) and its name, e.g. 4.541 and "Xynthia". Null when the bundle has no forcing. */
  readonly referenceLevelMetres: number | null;
  readonly eventName: string | null;
  /** Slider range (m NGF). */
  readonly minimumLevelMetres: number;
  readonly maximumLevelMetres: number;
  readonly hasDefences: boolean;
}

/** The mounted controls. */
export interface Controls {
  settings(): ScenarioSettings;
  setLevel(metres: number): void;
  /** Called on every change (input events included: the caller debounces). */
  onChange(listener: (settings: ScenarioSettings) => void): void;
}

/** Two decimals, three when the level is not on the centimetre grid (4,541). */
function formatPreciseLevel(metres: number): string {
  const centimetres = metres * 100;
  return Math.abs(centimetres - Math.round(centimetres)) > 1e-6
    ? metres.toLocaleString('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 })
    : formatLevel(metres);
}

function totalLevelOf(settings: ScenarioSettings): number {
  return floodLevelOf(settings) + seaLevelRiseOf(settings);
}

function radioGroup(name: string, legend: string, options: ReadonlyArray<readonly [string, string]>, checked: string): HTMLFieldSetElement {
  const items = options.map(([value, label]) =>
    element(
      'div',
      { class: 'fr-fieldset__element fr-fieldset__element--inline' },
      element(
        'div',
        { class: 'fr-radio-group' },
        element('input', { type: 'radio', id: `${name}-${value}`, name, value, checked: value === checked }),
        element('label', { class: 'fr-label', for: `${name}-${value}` }, label),
      ),
    ),
  );
  return element(
    'fieldset',
    { class: 'fr-fieldset', id: `${name}-group` },
    element('legend', { class: 'fr-fieldset__legend--regular fr-fieldset__legend' }, legend),
    ...items,
  );
}

function checkedValue(root: HTMLElement, name: string): string {
  return (root.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement).value;
}

function levelControl(options: ControlsOptions, initial: number) {
  const input = element('input', {
    type: 'range',
    id: 'level',
    min: options.minimumLevelMetres,
    max: options.maximumLevelMetres,
    step: 0.01,
    value: initial,
    'aria-describedby': 'level-hint',
  });
  const output = element('output', { id: 'level-output', for: 'level', class: 'littoral-level-value' }, `${formatLevel(initial)} m NGF`);
  const group = element(
    'div',
    { class: 'fr-range-group fr-mb-2w' },
    element(
      'label',
      { class: 'fr-label', for: 'level' },
      'Niveau marin au repos ',
      element('span', { class: 'fr-hint-text', id: 'level-hint' }, 'm NGF-IGN69, pas de 0,01 m (flèches du clavier)'),
    ),
    element('div', { class: 'fr-range fr-range--sm' }, input),
    output,
  );
  return { group, input, output };
}

/**
 * Mounts the controls into `container` and returns their state.
 *
 * @example
 * ```ts
 * const controls = createControls(aside, { referenceLevelMetres: 4.541, eventName: 'Xynthia', minimumLevelMetres: 0, maximumLevelMetres: 8, hasDefences: true })
 * controls.onChange((settings) => schedule(settings))
 * ```
 */
export function createControls(container: HTMLElement, options: ControlsOptions): Controls {
  const initial = defaultScenario(options.referenceLevelMetres ?? (options.minimumLevelMetres + options.maximumLevelMetres) / 2);
  const level = levelControl(options, initial.stillWaterLevelMetres);
  const listeners: Array<(settings: ScenarioSettings) => void> = [];
  const summary = element('p', { class: 'fr-text--sm fr-mt-1w', id: 'scenario-summary' });
  const reference =
    options.referenceLevelMetres === null
      ? element('p', { class: 'fr-text--sm' }, 'Pas d’événement de référence dans ce territoire.')
      : element(
          'button',
          { type: 'button', class: 'fr-btn fr-btn--secondary fr-btn--sm fr-mb-2w', id: 'reference-level' },
          `${options.eventName ?? 'Référence'} (${formatLevel(options.referenceLevelMetres)} m NGF)`,
        );
  const horizon = radioGroup(
    'horizon',
    'Horizon (élévation du niveau de la mer, GIEC AR6, médiane mondiale)',
    [
      ['today', 'aujourd’hui'],
      ['2050', '2050'],
      ['2100', '2100'],
    ],
    'today',
  );
  const climate = element(
    'div',
    { class: 'fr-select-group' },
    element('label', { class: 'fr-label', for: 'climate' }, 'Scénario climatique'),
    element(
      'select',
      { class: 'fr-select', id: 'climate' },
      ...(['SSP1-2.6', 'SSP2-4.5', 'SSP5-8.5'] as const).map((value) =>
        element('option', { value, selected: value === initial.climate }, value),
      ),
    ),
  );
  const practice = radioGroup(
    'practice',
    'Marge de la doctrine (PPRL)',
    [
      ['none', 'aucune'],
      ['present', '+0,20 m'],
      ['2100', '+0,60 m'],
    ],
    'none',
  );
  const defences = options.hasDefences
    ? radioGroup(
        'defences',
        'Défenses côtières',
        [
          ['intact', 'intactes'],
          ['breached', 'rompues'],
        ],
        'intact',
      )
    : element('p', { class: 'fr-text--sm' }, 'Défenses côtières : pas de données dans ce territoire.');
  const connectivity = radioGroup(
    'connectivity',
    'Connexité hydraulique',
    [
      ['8', '8 voisins'],
      ['4', '4 voisins'],
    ],
    '8',
  );
  container.append(
    element('h2', { class: 'fr-h5' }, 'Scénario'),
    level.group,
    reference,
    horizon,
    climate,
    practice,
    defences,
    connectivity,
    summary,
  );
  // The slider snaps to its 0.01 m steps; a level set by the button (Xynthia: 4.541 m) is kept exactly.
  let levelMetres = initial.stillWaterLevelMetres;
  level.input.addEventListener('input', () => {
    levelMetres = Number(level.input.value);
  });
  const read = (): ScenarioSettings => {
    const horizonValue = checkedValue(container, 'horizon');
    return {
      stillWaterLevelMetres: levelMetres,
      horizon: (horizonValue === 'today' ? 'today' : Number(horizonValue)) as Horizon,
      climate: (container.querySelector('#climate') as HTMLSelectElement).value as SeaLevelScenario,
      practice: checkedValue(container, 'practice') as PracticeMargin,
      defences: options.hasDefences ? (checkedValue(container, 'defences') as 'intact' | 'breached') : 'intact',
      connectivity: Number(checkedValue(container, 'connectivity')) as 4 | 8,
    };
  };
  const changed = () => {
    const settings = read();
    level.output.textContent = `${formatPreciseLevel(settings.stillWaterLevelMetres)} m NGF`;
    summary.textContent = `Scénario : ${describeScenario(settings)} ; niveau total ${formatPreciseLevel(totalLevelOf(settings))} m NGF.`;
    for (const listener of listeners) listener(settings);
  };
  container.addEventListener('input', changed);
  container.addEventListener('change', changed);
  const setLevel = (metres: number) => {
    levelMetres = metres;
    level.input.value = String(metres);
    changed();
  };
  if (reference instanceof HTMLButtonElement && options.referenceLevelMetres !== null) {
    const referenceLevel = options.referenceLevelMetres;
    reference.addEventListener('click', () => setLevel(referenceLevel));
  }
  level.output.textContent = `${formatPreciseLevel(levelMetres)} m NGF`;
  summary.textContent = `Scénario : ${describeScenario(read())} ; niveau total ${formatPreciseLevel(totalLevelOf(read()))} m NGF.`;
  return { settings: read, setLevel, onChange: (listener) => void listeners.push(listener) };
}
