/** "Sources et limites": every dataset's producer, licence, date and caveats, from the manifest. */
import type { TerritoryManifest } from '../bundle/manifest.js';
import { element } from './dom.js';

const DATASETS = [
  ['dem', 'Relief (MNT)'],
  ['communes', 'Communes'],
  ['population', 'Population'],
  ['buildings', 'Bâtiments'],
  ['defences', 'Défenses côtières'],
  ['equipment', 'Équipements'],
  ['forcing', 'Événement de référence'],
  ['shoreline', 'Trait de côte (MobiTC)'],
] as const;

const ABSENT: Readonly<Record<string, string>> = {
  population:
    'Population : pas de carreaux INSEE pour ce territoire — les habitants exposés ne sont pas disponibles (les colonnes « habitants » restent à 0) ; bâtiments et surfaces le sont.',
  defences: 'Défenses côtières : pas de données dans ce territoire (le terrain seul fait obstacle).',
  equipment: 'Équipements : pas de données dans ce territoire.',
  forcing: 'Événement de référence : pas de données dans ce territoire.',
  shoreline: 'Recul du trait de côte : pas de transects MobiTC pour ce territoire.',
};

/**
 * Renders the panel; datasets the manifest lacks are listed as such, and so are the `missing` notes of an online
 * bundle.
 *
 * @example
 * ```ts
 * renderSources(document.querySelector('#sources'), manifest)
 * ```
 */
export function renderSources(container: HTMLElement, manifest: TerritoryManifest): void {
  const items: HTMLElement[] = [];
  const absent: string[] = [];
  for (const [key, label] of DATASETS) {
    const entry = manifest[key];
    if (!entry) {
      absent.push(ABSENT[key] ?? `${label} : pas de données.`);
      continue;
    }
    const { source } = entry;
    const title = 'event' in entry ? `${label} — ${entry.event}` : label;
    items.push(
      element(
        'li',
        { 'data-dataset': key },
        element('strong', {}, title),
        ` : ${source.producer}. Licence : ${source.licence}. Date : ${source.date}.`,
        ...(source.caveats.length > 0 ? [element('ul', {}, ...source.caveats.map((caveat) => element('li', {}, caveat)))] : []),
        ...(source.url
          ? [
              ' ',
              element('a', { href: source.url, rel: 'noopener', target: '_blank', title: `${source.url} — nouvelle fenêtre` }, 'source'),
            ]
          : []),
      ),
    );
  }
  container.replaceChildren(
    element('h2', { class: 'fr-h5 fr-mt-3w', id: 'sources-title' }, 'Sources et limites'),
    element('ul', { class: 'fr-text--sm', 'aria-labelledby': 'sources-title' }, ...items),
    element(
      'div',
      { class: 'fr-callout fr-mt-2w', id: 'limits' },
      element('h3', { class: 'fr-callout__title fr-h6' }, 'Limites'),
      element(
        'ul',
        { class: 'fr-callout__text fr-text--sm' },
        element(
          'li',
          {},
          'Approche statique : le niveau marin est appliqué à toute cellule reliée à la mer sous ce niveau, sans dynamique de l’onde, sans franchissement par les vagues ni durée de l’événement.',
        ),
        ...absent.map((text) => element('li', {}, text)),
        ...manifest.missing.map((text) => element('li', {}, `Manquant : ${text}`)),
      ),
    ),
  );
}
