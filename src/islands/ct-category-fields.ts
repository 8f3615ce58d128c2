/**
 * <ct-category-fields>: shows the I-140 sub-category and flags only for categories that take
 * them, and disables them otherwise so a hidden choice is never sent. Without JavaScript
 * every field stays visible and the server explains any mismatch.
 */
interface Catalogue {
  withI140Fields: string[];
}

class CategoryFields extends HTMLElement {
  connectedCallback(): void {
    const catalogue = JSON.parse(this.dataset['catalogue'] ?? '{}') as Catalogue;
    const category = this.querySelector<HTMLSelectElement>('#category');
    const group = this.querySelector<HTMLElement>('[data-i140-only]');
    if (!category || !group) return;
    const apply = () => {
      const applies = catalogue.withI140Fields.includes(category.value);
      group.hidden = !applies;
      for (const field of group.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'))
        field.disabled = !applies;
    };
    category.addEventListener('change', apply);
    apply();
  }
}

if (!customElements.get('ct-category-fields')) customElements.define('ct-category-fields', CategoryFields);

// A module, so its types stay its own.
export {};
