/**
 * Wires the app: manifest → (worker 1: files, territory index; worker 2: terrain mesh) → view → controls → results on
 * every change.
 */
import { isJumeauError, parseCrs } from '@jumeau/core';
import { type WorkerPool, createWorkerPool, defaultPoolSize } from '@jumeau/workers';
import type { Territory } from '../bundle/load-territory.js';
import { loadManifest } from '../bundle/load-territory.js';
import { totalOf } from '../model/level-exposure.js';
import { type ScenarioSettings, describeScenario } from '../model/scenario.js';
import type { ShorelineRetreat } from '../model/shoreline-retreat.js';
import { renderShorelinePanel } from '../ui/shoreline-panel.js';
import type { TerritoryView } from '../view/territory-view.js';
import { createComparePanel, comparisonLabels } from '../ui/compare-panel.js';
import { createControls } from '../ui/controls.js';
import { element } from '../ui/dom.js';
import { renderLegend } from '../ui/legend.js';
import { renderResults } from '../ui/results-table.js';
import { renderSources } from '../ui/sources-panel.js';
import { createSweepPanel } from '../ui/sweep-panel.js';
import { renderSweepChart } from '../ui/sweep-chart.js';
import type { LoadedTerritory, WorkerStartup, littoralTasks } from '../worker/littoral-tasks.js';
import littoralWorkerUrl from '../worker/littoral.worker.ts?worker&url';
import { fetchOrthophoto } from './ign-drape.js';
import { type RunDelivery, type ScenarioRunner, createScenarioRunner } from './scenario-runner.js';
import { recordError, recordFirstView, recordResult, recordShoreline, recordWater } from './status.js';
import { showErrorPage } from '../ui/error-page.js';

function byId<Element extends HTMLElement = HTMLElement>(id: string): Element {
  return document.getElementById(id) as Element;
}

/**
 * A timeline mark's detail for a worker task, on the page's clock (ms): its own time, when it began, when its
 * worker's thread started and when the worker's code began to run (the bench prints them).
 */
function workerDetail(workerMilliseconds: number, startedAtEpochMilliseconds: number, startup: WorkerStartup): Record<string, number> {
  const page = (epochMilliseconds: number): number => epochMilliseconds - performance.timeOrigin;
  return {
    workerMilliseconds,
    workerStartMilliseconds: page(startedAtEpochMilliseconds),
    threadStartMilliseconds: page(startup.threadStartedAtEpochMilliseconds),
    codeStartMilliseconds: page(startup.codeStartedAtEpochMilliseconds),
  };
}

/** A promise that settles on the first call of `signal`. */
function beginSignal(): { readonly began: Promise<void>; readonly signal: () => void } {
  let signal: () => void = () => undefined;
  const began = new Promise<void>((resolve) => {
    signal = resolve;
  });
  return { began, signal: () => signal() };
}

/** The drape's switch; `data-state` on the input says `off`, `loading`, `shown` or `failed` (read by the tests). */
function drapeToggle(onToggle: (enabled: boolean) => void): HTMLElement {
  const input = element('input', { type: 'checkbox', class: 'fr-toggle__input', id: 'ign-drape', 'aria-describedby': 'ign-drape-hint' });
  input.addEventListener('change', () => onToggle(input.checked));
  return element(
    'div',
    { class: 'fr-toggle fr-mt-2w' },
    input,
    element('label', { class: 'fr-toggle__label', for: 'ign-drape' }, 'fond IGN (en ligne)'),
    element(
      'p',
      { class: 'fr-hint-text', id: 'ign-drape-hint' },
      'Orthophotographie de la Géoplateforme drapée sur le relief (connexion internet requise).',
    ),
  );
}

/**
 * Starts the app in the current page (elements of index.html). Rejects with a JumeauError the caller shows.
 *
 * @example
 * ```ts
 * startApp().catch((error) => showErrorPage(main, error))
 * ```
 */
export async function startApp(): Promise<void> {
  const manifestUrl = new URL('bundle/territory.json', window.location.href);
  // The task map is only a type here: importing its code would put the whole worker (simulate, convert, meshing) in the
  // page's script too (0.3 s of evaluation on the page's thread before the manifest is even asked for).
  const pool = createWorkerPool<typeof littoralTasks>({
    url: new URL(littoralWorkerUrl, window.location.href),
    // Two workers even on a 2-core machine (defaultPoolSize would give one): the territory loads in one while the
    // terrain is meshed in the other, and a level's water mesh never waits behind the next level's flood. The main
    // thread mostly waits on the GPU process meanwhile.
    size: Math.max(2, Math.min(4, defaultPoolSize())),
    name: 'jumeau-littoral',
  });
  // The workers load their code now, while the page loads the manifest: a task posted to a worker still loading is
  // handed over by the page's thread, which is busy compiling the view's shaders from the manifest on (measured: tasks
  // posted at 1.0 s began at 2.9 s when the workers started on their first run).
  pool.start();
  // deck.gl and the view load as their own chunk while the manifest and the files load: the page's first script is
  // smaller, so the workers start sooner.
  const viewModule = import('../view/territory-view.js');
  const manifest = await loadManifest(manifestUrl);
  performance.mark('jumeau:manifest-loaded');
  byId('territory-name').textContent = manifest.name;
  document.title = `Jumeau littoral — ${manifest.name}`;
  // The workers fetch and parse the files (the main thread stays free to build the page and the WebGL context):
  // one loads the territory and prepares its level-independent arrays, the other meshes the terrain meanwhile.
  const bundle = { manifest, manifestUrl: manifestUrl.href };
  // A task's first progress message says it began (its promise settles once; later messages change nothing).
  const meshBegan = beginSignal();
  const loadBegan = beginSignal();
  const meshing = pool.run('buildTerrain', bundle, { onProgress: meshBegan.signal });
  const loading = pool.run('loadTerritory', bundle, { onProgress: loadBegan.signal }) as Promise<LoadedTerritory>;
  // The view's shader compilation keeps the page's thread busy for a second, and a task's message reaches a worker
  // still loading its code only through that thread: the view waits until both tasks have begun (at most 1.5 s).
  // Measured on the 2-core machine: tasks posted at 1.0 s began at 2.8–2.9 s when the view started at once.
  await Promise.race([Promise.all([meshBegan.began, loadBegan.began]), new Promise((resolve) => setTimeout(resolve, 1_500))]);
  performance.mark('jumeau:tasks-began');
  // Meanwhile the view starts at the manifest's viewpoint and compiles its shaders on placeholders.
  byId('app').hidden = false;
  const { createTerritoryView, manifestViewState } = await viewModule;
  const view = createTerritoryView(byId('map'), manifestViewState(manifest));
  performance.mark('jumeau:view-created');
  const { territory, levelData, milliseconds, startedAtEpochMilliseconds, workerStartup } = await loading;
  performance.mark('jumeau:territory-loaded', { detail: workerDetail(milliseconds, startedAtEpochMilliseconds, workerStartup) });
  view.setTerritory(territory);
  byId('loading').hidden = true;
  renderSources(byId('sources'), manifest);
  renderLegend(byId('legend'), [0, 3]);
  const controls = createControls(byId('controls'), {
    referenceLevelMetres: territory.referenceLevelMetres,
    eventName: manifest.forcing?.event.split(' (')[0] ?? null,
    minimumLevelMetres: 0,
    maximumLevelMetres: 8,
    hasDefences: territory.defences !== null,
  });
  byId('controls').append(
    drapeToggle((enabled) => {
      const toggle = byId<HTMLInputElement>('ign-drape');
      if (!enabled) {
        view.setDrape(null);
        toggle.dataset.state = 'off';
        return;
      }
      toggle.dataset.state = 'loading';
      fetchOrthophoto(territory.dem).then(
        (image) => {
          view.setDrape(image);
          toggle.dataset.state = 'shown';
        },
        (error: unknown) => {
          alertDrape(error);
          toggle.dataset.state = 'failed';
        },
      );
    }),
  );
  const compare = createComparePanel(byId('compare'), { hasDefences: territory.defences !== null });
  const runner = createScenarioRunner(pool, territory.dem, levelData, { nodataIsSea: manifest.dem.nodataIsSea });
  const request = () => runner.request(controls.settings(), compare.comparisonOf(controls.settings()));
  const showShoreline = createShorelineUpdater(pool, territory, runner, view);
  controls.onChange(request);
  controls.onChange(() => showShoreline(controls.settings()));
  compare.onChange(request);
  compare.onSplit((fraction) => view.setSplit(fraction));
  const results = byId('results');
  runner.onResult((delivery: RunDelivery) => {
    performance.mark('jumeau:result', { detail: { runMilliseconds: delivery.milliseconds } });
    const { main, comparison } = delivery;
    view.showBuildings(main.result.exposure.buildingMaximumDepthMetres, comparison?.result.exposure.buildingMaximumDepthMetres ?? null);
    renderResults(results, main.outcome, {
      hasEquipment: territory.equipment !== null,
      hasPopulation: territory.population !== null,
      title: describeScenario(main.settings),
      runMilliseconds: delivery.milliseconds,
    });
    compare.render(main.outcome, comparison?.outcome ?? null, comparison ? comparisonLabels(main.settings, comparison.settings) : ['', '']);
    recordResult(main.outcome, delivery.milliseconds);
  });
  runner.onSurfaces(({ main, comparison, milliseconds }) => {
    performance.mark('jumeau:water', { detail: { milliseconds } });
    view.showWater(main, comparison);
    recordWater();
    void view.firstFrame.then(recordFirstView);
  });
  runner.onError((error) => {
    results.replaceChildren(
      element(
        'div',
        { class: 'fr-alert fr-alert--error', role: 'alert' },
        element('p', {}, `Calcul impossible : ${(error as Error).message}`),
      ),
    );
  });
  const sweep = createSweepPanel(byId('sweep'));
  sweep.onRun((levels) => {
    const settings = controls.settings();
    sweep.status.textContent = `Balayage de ${levels.length} niveaux en cours…`;
    runner.sweep(levels, settings).then(
      (points) => {
        sweep.status.textContent = `Balayage terminé (${levels.length} niveaux).`;
        renderSweepChart(sweep.chart, points, {
          currentLevelMetres: settings.stillWaterLevelMetres,
          title: describeScenario({ ...settings, stillWaterLevelMetres: levels[0] as number }).replace(/^[^,]*, /, ''),
        });
      },
      (error: unknown) => {
        sweep.status.textContent = `Balayage impossible : ${(error as Error).message}`;
      },
    );
  });
  showShoreline(controls.settings());
  // The first level starts at once, without the debounce.
  runner.request(controls.settings(), compare.comparisonOf(controls.settings()), { immediately: true });
  void meshing.then(
    ({ terrainMesh, milliseconds: meshMilliseconds, startedAtEpochMilliseconds: meshStarted, workerStartup: meshWorkerStartup }) => {
      performance.mark('jumeau:terrain-meshed', { detail: workerDetail(meshMilliseconds, meshStarted, meshWorkerStartup) });
      view.setTerrain(terrainMesh);
    },
    (error: unknown) => {
      showErrorPage(byId('main'), error);
      recordError(error);
    },
  );
}

/**
 * Recomputes the shoreline at the scenario's horizon ("today" = this year) in a worker when the horizon changes, and
 * shows it: panel, lines on the map, status for the tests. A territory without transects says so.
 */
function createShorelineUpdater(
  pool: WorkerPool<typeof littoralTasks>,
  territory: Territory,
  runner: ScenarioRunner,
  view: TerritoryView,
): (settings: ScenarioSettings) => void {
  const panel = byId('shoreline');
  const { manifest, shorelineRates, dem } = territory;
  const entry = manifest.shoreline;
  const hasPopulation = territory.population !== null;
  if (!entry || !shorelineRates || shorelineRates.length === 0) {
    renderShorelinePanel(panel, manifest, null, { hasPopulation });
    return () => undefined;
  }
  let shownHorizon: number | null = null;
  let controller: AbortController | null = null;
  return (settings) => {
    const horizonYear = settings.horizon === 'today' ? new Date().getFullYear() : settings.horizon;
    if (horizonYear === shownHorizon) return;
    shownHorizon = horizonYear;
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const input = {
      rates: shorelineRates,
      horizonYear,
      method: entry.method,
      majorEventRetreatMetres: entry.majorEventRetreatMetres,
      crs: parseCrs(entry.crs),
      frame: { width: dem.width, height: dem.height, transform: [...dem.transform], crs: dem.crs },
      index: runner.shared.index,
    };
    (pool.run('shorelineRetreat', input, { signal: current.signal, transfer: 'none' }) as Promise<ShorelineRetreat>).then(
      (retreat) => {
        if (current.signal.aborted) return;
        renderShorelinePanel(panel, manifest, retreat, { hasPopulation });
        view.setShoreline({ current: retreat.currentLines, projected: retreat.projectedLines });
        recordShoreline({
          horizonYear,
          areaLostSquareMetres: retreat.areaLostSquareMetres,
          bandCellsAreaSquareMetres: totalOf(retreat.exposure.floodedAreaSquareMetres, { includeOutside: true }),
          people: totalOf(retreat.exposure.population.people, { includeOutside: true }),
          buildings: totalOf(retreat.exposure.buildings, { includeOutside: true }),
          transectCount: retreat.transectCount,
        });
      },
      (error: unknown) => {
        if (current.signal.aborted || isJumeauError(error, 'aborted')) return;
        shownHorizon = null;
        panel.replaceChildren(
          element(
            'div',
            { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' },
            element('p', {}, `Recul du trait de côte impossible : ${(error as Error).message}`),
          ),
        );
      },
    );
  };
}

function alertDrape(error: unknown): void {
  const toggle = document.getElementById('ign-drape-hint');
  if (toggle) toggle.textContent = `Fond IGN indisponible : ${(error as Error).message}`;
}
