/** The error page: what failed, in one sentence, and what to check. */
import { isJumeauError } from '@jumeau/core';
import { element } from './dom.js';

/**
 * Replaces the main content by a DSFR alert naming the problem (the JumeauError's message and code).
 *
 * @example
 * ```ts
 * loadTerritory(manifest, url).catch((error) => showErrorPage(document.querySelector('main'), error))
 * ```
 */
export function showErrorPage(main: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const code = isJumeauError(error) ? error.code : 'internal';
  main.replaceChildren(
    element(
      'div',
      { class: 'fr-alert fr-alert--error', role: 'alert', id: 'error-page', 'data-code': code },
      element('h2', { class: 'fr-alert__title' }, 'Le territoire ne peut pas être chargé'),
      element('p', { id: 'error-message' }, message),
      element(
        'p',
        { class: 'fr-text--sm' },
        'Vérifiez le fichier territory.json et les fichiers qu’il nomme (voir examples/littoral/README.md, « Format du bundle »).',
      ),
    ),
  );
  document.title = `Erreur — Jumeau littoral`;
}
