/**
 * <ct-office-picker>: adds a search box above an office <select> that narrows its options to
 * those matching every typed word (code, name, state, country or former name). Options are
 * removed and put back rather than hidden: hidden options still show in some phones' pickers.
 * Without JavaScript the grouped <select> works on its own.
 */
class OfficePicker extends HTMLElement {
  connectedCallback(): void {
    const select = this.querySelector('select');
    if (!select || this.querySelector('input[type="search"]')) return;
    const groups = [...select.querySelectorAll('optgroup')].map((group) => ({
      group,
      options: [...group.querySelectorAll('option')],
    }));
    const search = document.createElement('input');
    search.type = 'search';
    search.id = `${select.id}-search`;
    search.autocomplete = 'off';
    search.setAttribute('aria-controls', select.id);
    const label = document.createElement('label');
    label.htmlFor = search.id;
    label.className = 'office-search-label';
    label.textContent = 'Search the list (city, state, country or code)';
    const status = document.createElement('p');
    status.className = 'hint';
    status.setAttribute('role', 'status');
    select.before(label, search, status);

    search.addEventListener('input', () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const { group, options } of groups) {
        const keep = options.filter(
          (o) => o.selected || words.every((w) => (o.dataset['search'] ?? '').includes(w)),
        );
        group.replaceChildren(...keep);
        shown += keep.length;
        if (keep.length === 0) group.remove();
        else if (!group.isConnected) select.append(group);
      }
      // Put groups back in their first order after some were removed and re-added.
      for (const { group } of groups) if (group.isConnected) select.append(group);
      status.textContent =
        words.length === 0 ? '' : `${shown} ${shown === 1 ? 'office matches' : 'offices match'}.`;
    });
  }
}

if (!customElements.get('ct-office-picker')) customElements.define('ct-office-picker', OfficePicker);

export {};
