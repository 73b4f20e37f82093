/**
 * The "et si…" chart: people and buildings exposed against the still-water level, drawn as an accessible SVG
 * (role img, title, description, labelled axes; two y scales, one per series) with a table alternative.
 */
import type { SweepPoint } from '../worker/littoral-tasks.js';
import { element } from './dom.js';
import { formatCount, formatHectares, formatLevel } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { left: 64, right: 64, top: 20, bottom: 44 };
const SERIES = [
  { key: 'people', label: 'Habitants', color: '#000091', dash: '' },
  { key: 'buildings', label: 'Bâtiments', color: '#c9191e', dash: '6 4' },
] as const;

function svgElement(tag: string, attributes: Readonly<Record<string, string | number>>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "Nice" round tick values covering [0, maximum]. */
function ticksFor(maximum: number, count = 5): number[] {
  if (!(maximum > 0)) return [0];
  const raw = maximum / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  return Array.from({ length: Math.floor(maximum / step) + 1 }, (_, index) => index * step);
}

function drawAxes(svg: SVGElement, x: (value: number) => number, levels: readonly number[], maxima: readonly number[]): void {
  const bottom = HEIGHT - MARGIN.bottom;
  const axis = svgElement('g', { class: 'axis', 'aria-hidden': 'true' });
  axis.append(svgElement('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: bottom, y2: bottom, stroke: '#3a3a3a' }));
  for (const level of levels) {
    axis.append(svgElement('line', { x1: x(level), x2: x(level), y1: bottom, y2: bottom + 4, stroke: '#3a3a3a' }));
    axis.append(svgElement('text', { x: x(level), y: bottom + 16, 'text-anchor': 'middle' }, formatLevel(level)));
  }
  axis.append(
    svgElement(
      'text',
      { x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle' },
      'Niveau marin au repos (m NGF)',
    ),
  );
  SERIES.forEach((series, side) => {
    const maximum = maxima[side] as number;
    const ticks = ticksFor(maximum);
    const top = ticks[ticks.length - 1] || 1;
    const xAxis = side === 0 ? MARGIN.left : WIDTH - MARGIN.right;
    axis.append(svgElement('line', { x1: xAxis, x2: xAxis, y1: MARGIN.top, y2: bottom, stroke: series.color }));
    for (const tick of ticks) {
      const y = bottom - (tick / Math.max(top, maximum)) * (bottom - MARGIN.top);
      axis.append(
        svgElement(
          'text',
          { x: side === 0 ? xAxis - 6 : xAxis + 6, y: y + 4, 'text-anchor': side === 0 ? 'end' : 'start', fill: series.color },
          formatCount(tick),
        ),
      );
    }
    axis.append(
      svgElement('text', { x: xAxis, y: MARGIN.top - 6, 'text-anchor': side === 0 ? 'start' : 'end', fill: series.color }, series.label),
    );
  });
  svg.append(axis);
}

function alternativeTable(points: readonly SweepPoint[]): HTMLElement {
  const head = element(
    'tr',
    {},
    ...['Niveau (m NGF)', 'Habitants', 'Bâtiments', 'Surface inondée (ha)'].map((label) => element('th', { scope: 'col' }, label)),
  );
  const rows = points.map((point) =>
    element(
      'tr',
      {},
      element('th', { scope: 'row' }, formatLevel(point.levelMetres)),
      element('td', { class: 'number' }, formatCount(point.people)),
      element('td', { class: 'number' }, formatCount(point.buildings)),
      element('td', { class: 'number' }, formatHectares(point.floodedAreaSquareMetres)),
    ),
  );
  return element(
    'details',
    { class: 'fr-mt-1w' },
    element('summary', {}, 'Voir les valeurs en tableau'),
    element(
      'div',
      { class: 'fr-table' },
      element(
        'table',
        { id: 'sweep-table' },
        element('caption', {}, 'Exposition selon le niveau marin'),
        element('thead', {}, head),
        element('tbody', {}, ...rows),
      ),
    ),
  );
}

/**
 * Draws the sweep into `container` (replacing it): one line per series, points marked, the current level drawn
 * as a vertical rule.
 *
 * @example
 * ```ts
 * renderSweepChart(container, points, { currentLevelMetres: 4.541, title: 'digues intactes, aujourd’hui' })
 * ```
 */
export function renderSweepChart(
  container: HTMLElement,
  points: readonly SweepPoint[],
  options: { currentLevelMetres: number; title: string },
): void {
  const levels = points.map((point) => point.levelMetres);
  const low = Math.min(...levels);
  const high = Math.max(...levels);
  const x = (value: number) => MARGIN.left + ((value - low) / (high - low || 1)) * (WIDTH - MARGIN.left - MARGIN.right);
  const maxima = SERIES.map((series) => Math.max(1, ...points.map((point) => point[series.key])));
  const tops = maxima.map((maximum) => Math.max(maximum, ticksFor(maximum).at(-1) ?? maximum));
  const y = (value: number, side: number) =>
    HEIGHT - MARGIN.bottom - (value / (tops[side] as number)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': 'sweep-title sweep-description' });
  svg.append(svgElement('title', { id: 'sweep-title' }, `Habitants et bâtiments exposés selon le niveau marin (${options.title})`));
  const last = points[points.length - 1];
  svg.append(
    svgElement(
      'desc',
      { id: 'sweep-description' },
      `De ${formatLevel(low)} à ${formatLevel(high)} m NGF : jusqu’à ${formatCount(last?.people ?? 0)} habitants et ${formatCount(last?.buildings ?? 0)} bâtiments.`,
    ),
  );
  drawAxes(
    svg,
    x,
    levels.filter((_, index) => index % Math.ceil(levels.length / 7) === 0),
    tops,
  );
  SERIES.forEach((series, side) => {
    const path = points
      .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.levelMetres).toFixed(1)},${y(point[series.key], side).toFixed(1)}`)
      .join('');
    svg.append(
      svgElement('path', {
        d: path,
        fill: 'none',
        stroke: series.color,
        'stroke-width': 2,
        'stroke-dasharray': series.dash,
        'aria-hidden': 'true',
      }),
    );
    for (const point of points)
      svg.append(
        svgElement('circle', { cx: x(point.levelMetres), cy: y(point[series.key], side), r: 3, fill: series.color, 'aria-hidden': 'true' }),
      );
  });
  if (options.currentLevelMetres >= low && options.currentLevelMetres <= high) {
    const at = x(options.currentLevelMetres);
    svg.append(
      svgElement('line', {
        x1: at,
        x2: at,
        y1: MARGIN.top,
        y2: HEIGHT - MARGIN.bottom,
        stroke: '#666',
        'stroke-dasharray': '2 3',
        'aria-hidden': 'true',
      }),
    );
  }
  container.replaceChildren(
    element(
      'figure',
      { class: 'littoral-chart fr-mt-1w', id: 'sweep-chart' },
      svg,
      element(
        'figcaption',
        { class: 'fr-text--xs' },
        'Trait plein : habitants (échelle de gauche) ; tirets : bâtiments (échelle de droite). Trait vertical : niveau courant.',
      ),
    ),
    alternativeTable(points),
  );
}
