/**
 * A tiny element builder: `element('p', { class: 'fr-text' }, 'texte', child)`. Attributes are set with
 * `setAttribute` (booleans add or omit the attribute); children are nodes or text (never parsed as HTML).
 *
 * @example
 * ```ts
 * document.body.append(element('button', { class: 'fr-btn', type: 'button' }, 'Xynthia'))
 * ```
 */
export function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Readonly<Record<string, string | number | boolean | undefined>> = {},
  ...children: ReadonlyArray<Node | string>
): HTMLElementTagNameMap[Tag] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}
