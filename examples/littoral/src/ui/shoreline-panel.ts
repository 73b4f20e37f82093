/**
 * The shoreline-retreat panel: the horizon, the rule used (MobiTC rate, accretion held at zero, Lmax), the area lost
 * and who stands in the band — or why there is nothing to show.
 */
import type { TerritoryManifest } from '../bundle/manifest.js';
import type { ShorelineRetreat } from '../model/shoreline-retreat.js';
import { totalOf } from '../model/level-exposure.js';
import { element } from './dom.js';
import { formatCount } from './format.js';

const METHOD_NAMES = {
  'end-point': 'taux « end-point » (EPR)',
  'ordinary-least-squares': 'régression linéaire (OLS)',
  'weighted-least-squares': 'régression pondérée (WLS)',
} as const;

const areaFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/**
 * Fills `container` with the retreat at the scenario's horizon; `retreat` null means the territory has no transects.
 *
 * @example
 * ```ts
 * renderShorelinePanel(byId('shoreline'), manifest, retreat, { hasPopulation: true })
 * ```
 */
export function renderShorelinePanel(
  container: HTMLElement,
  manifest: TerritoryManifest,
  retreat: ShorelineRetreat | null,
  options: { readonly hasPopulation: boolean },
): void {
  const title = element('h2', { class: 'fr-h6 fr-mb-1w' }, 'Recul du trait de côte');
  const shoreline = manifest.shoreline;
  if (!shoreline || !retreat) {
    container.replaceChildren(
      title,
      element('p', { class: 'fr-text--sm', id: 'shoreline-summary' }, 'Pas de transects MobiTC pour ce territoire : recul non calculé.'),
    );
    return;
  }
  const people = totalOf(retreat.exposure.population.people, { includeOutside: true });
  const buildings = totalOf(retreat.exposure.buildings, { includeOutside: true });
  const rule = `${METHOD_NAMES[shoreline.method]}, accrétion tenue à zéro${
    shoreline.majorEventRetreatMetres > 0 ? `, plus Lmax = ${formatCount(shoreline.majorEventRetreatMetres)} m` : ''
  }`;
  container.replaceChildren(
    title,
    element(
      'p',
      { class: 'fr-text--sm fr-mb-1w', id: 'shoreline-summary' },
      `Horizon ${retreat.horizonYear} : `,
      element('strong', { id: 'shoreline-area' }, `${areaFormat.format(retreat.areaLostSquareMetres / 10_000)} ha`),
      ' perdus sur ',
      `${formatCount(retreat.transectCount)} transects (recul maximal ${formatCount(retreat.maximumRetreatMetres)} m).`,
    ),
    element(
      'ul',
      { class: 'fr-text--sm fr-mb-1w' },
      element('li', {}, 'Bâtiments dans la bande : ', element('strong', { id: 'shoreline-buildings' }, formatCount(buildings))),
      element(
        'li',
        {},
        'Habitants dans la bande : ',
        element('strong', { id: 'shoreline-people' }, options.hasPopulation ? formatCount(people) : 'non disponible'),
      ),
    ),
    element(
      'p',
      { class: 'fr-hint-text' },
      `Projection du trait de côte le plus récent (${rule}), méthode du guide PPRL (2014). Trait noir : aujourd’hui ; trait orange : à l’horizon.`,
    ),
  );
}
