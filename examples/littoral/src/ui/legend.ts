/** The depth legend over the map (the colours the FloodLayer and BuildingsLayer draw). */
import { createLegend } from '@jumeau/layers';
import { element } from './dom.js';
import { formatLevel } from './format.js';

/**
 * Renders the water-depth and building-depth legends into `container`.
 *
 * @example
 * ```ts
 * renderLegend(document.querySelector('#legend'), [0, 3])
 * ```
 */
export function renderLegend(container: HTMLElement, depthRange: readonly [number, number]): void {
  const blocks = [
    createLegend({ title: 'Hauteur d’eau', colormap: 'blues', valueRange: depthRange, units: 'm' }),
    createLegend({ title: 'Bâtiments : eau au pied', colormap: 'yellow-orange-red', valueRange: depthRange, units: 'm' }),
  ].map((legend) =>
    element(
      'div',
      {},
      element('div', {}, legend.title),
      element('div', { class: 'littoral-legend-bar', style: `background: ${legend.cssGradient}` }),
      element(
        'div',
        { class: 'littoral-legend-ends' },
        element('span', {}, `${formatLevel(depthRange[0])} m`),
        element('span', {}, `${formatLevel(depthRange[1])} m`),
      ),
    ),
  );
  container.replaceChildren(...blocks, element('div', {}, 'gris : bâtiment hors d’eau (bâtiments visibles en zoomant) ; rouge : digues'));
}
