/**
 * <ct-milestone-rows>: milestone rows that follow the chosen category's catalogue. Offers
 * only that category's milestones, adds a row (suggesting the next step) and removes rows,
 * keeping ids, labels and focus right for keyboard and screen-reader users. The server
 * renders enough rows and a "More milestone rows" button for browsers without JavaScript.
 */
interface Catalogue {
  milestones: Record<string, string[]>;
}

const ROW_ID = /milestone-\d+-/g;
const ROW_CONTEXT = /Milestone \d+/;

class MilestoneRows extends HTMLElement {
  private catalogue: Catalogue = { milestones: {} };
  private labels: Record<string, string> = {};
  private list!: HTMLOListElement;
  private template!: HTMLTemplateElement;
  private announcer: HTMLElement | null = null;
  private category: HTMLSelectElement | null = null;
  private addButton!: HTMLButtonElement;

  connectedCallback(): void {
    const list = this.querySelector<HTMLOListElement>('[data-rows]');
    const template = this.querySelector<HTMLTemplateElement>('template[data-row-template]');
    if (!list || !template || this.addButton) return;
    this.list = list;
    this.template = template;
    this.catalogue = JSON.parse(this.dataset['catalogue'] ?? '{}') as Catalogue;
    this.labels = JSON.parse(this.dataset['labels'] ?? '{}') as Record<string, string>;
    this.announcer = this.querySelector('[data-announcer]');
    this.category = this.closest('form')?.querySelector<HTMLSelectElement>('#category') ?? null;

    const more = this.querySelector<HTMLButtonElement>('[data-more-rows]');
    this.addButton = document.createElement('button');
    this.addButton.type = 'button';
    this.addButton.className = 'secondary';
    this.addButton.textContent = 'Add a milestone';
    this.addButton.addEventListener('click', () => this.addRow());
    if (more) {
      more.replaceWith(this.addButton);
    } else {
      this.append(this.addButton);
    }

    this.dropBlankRows();
    for (const row of this.rows()) this.addRemoveButton(row);
    this.renumber();
    this.applyCategory(false);
    this.category?.addEventListener('change', () => this.applyCategory(true));
  }

  private rows(): HTMLLIElement[] {
    return [...this.list.querySelectorAll<HTMLLIElement>(':scope > [data-row]')];
  }

  private keySelect(row: HTMLElement): HTMLSelectElement {
    return row.querySelector<HTMLSelectElement>('[data-milestone-key]')!;
  }

  private isBlank(row: HTMLElement): boolean {
    return (
      [...row.querySelectorAll('select')].every((s) => s.value === '') && !row.querySelector('.field-error')
    );
  }

  /** Without JavaScript the server adds spare rows; here one empty row (or none) is enough. */
  private dropBlankRows(): void {
    const rows = this.rows();
    const blanks = rows.filter((r) => this.isBlank(r));
    const keepOne = blanks.length === rows.length;
    blanks.slice(keepOne ? 1 : 0).forEach((r) => r.remove());
  }

  private allowedKeys(): string[] {
    const chosen = this.category?.value ?? '';
    return this.catalogue.milestones[chosen] ?? [...new Set(Object.values(this.catalogue.milestones).flat())];
  }

  /** Offers only the chosen category's milestones; clears rows that do not belong to it. */
  private applyCategory(announce: boolean): void {
    const keys = this.allowedKeys();
    let cleared = 0;
    for (const row of this.rows()) {
      const select = this.keySelect(row);
      const current = select.value;
      this.fillOptions(select, keys);
      if (current && !keys.includes(current)) cleared++;
      else select.value = current;
    }
    if (announce && cleared > 0) {
      const form = this.category?.selectedOptions[0]?.textContent?.trim() ?? 'this form';
      this.announce(`${cleared} milestone${cleared === 1 ? '' : 's'} cleared: not a step of ${form}.`);
    }
  }

  private fillOptions(select: HTMLSelectElement, keys: string[]): void {
    const placeholder =
      select.options[0]?.value === '' ? select.options[0] : new Option('Choose a milestone', '');
    select.replaceChildren(placeholder, ...keys.map((k) => new Option(this.labels[k] ?? k, k)));
  }

  /** The first catalogue step after the last one already chosen that no row uses yet. */
  private suggestedKey(): string {
    const keys = this.allowedKeys();
    const used = new Set(
      this.rows()
        .map((r) => this.keySelect(r).value)
        .filter(Boolean),
    );
    const last = Math.max(-1, ...[...used].map((k) => keys.indexOf(k)));
    return keys.slice(last + 1).find((k) => !used.has(k)) ?? '';
  }

  private addRow(): void {
    const row = this.template.content.querySelector<HTMLLIElement>('[data-row]')?.cloneNode(true) as
      HTMLLIElement | undefined;
    if (!row) return;
    const suggestion = this.suggestedKey();
    this.list.append(row);
    this.addRemoveButton(row);
    this.renumber();
    const select = this.keySelect(row);
    this.fillOptions(select, this.allowedKeys());
    select.value = suggestion;
    select.focus();
    this.announce(`Milestone ${this.rows().length} added.`);
  }

  private addRemoveButton(row: HTMLLIElement): void {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary remove-row';
    button.textContent = 'Remove';
    button.dataset['removeRow'] = '';
    button.addEventListener('click', () => this.removeRow(row));
    row.querySelector('.milestone-fields')?.append(button);
  }

  private removeRow(row: HTMLLIElement): void {
    const rows = this.rows();
    const index = rows.indexOf(row);
    row.remove();
    this.renumber();
    const next = this.rows()[Math.min(index, this.rows().length - 1)];
    (next ? this.keySelect(next) : this.addButton).focus();
    this.announce(`Milestone ${index + 1} removed.`);
  }

  /** Keeps ids unique and labels truthful ("Milestone 3") after rows come and go. */
  private renumber(): void {
    this.rows().forEach((row, i) => {
      for (const el of row.querySelectorAll<HTMLElement>('[id], [for], [aria-describedby]')) {
        for (const attribute of ['id', 'for', 'aria-describedby']) {
          const value = el.getAttribute(attribute);
          if (value) el.setAttribute(attribute, value.replace(ROW_ID, `milestone-${i}-`));
        }
      }
      const number = row.querySelector('[data-row-number]');
      if (number) number.textContent = String(i + 1);
      for (const hidden of row.querySelectorAll('label .visually-hidden')) {
        hidden.textContent = (hidden.textContent ?? '').replace(ROW_CONTEXT, `Milestone ${i + 1}`);
      }
      row.querySelector('[data-remove-row]')?.setAttribute('aria-label', `Remove milestone ${i + 1}`);
    });
  }

  private announce(message: string): void {
    if (this.announcer) this.announcer.textContent = message;
  }
}

if (!customElements.get('ct-milestone-rows')) customElements.define('ct-milestone-rows', MilestoneRows);

// A module, so its types stay its own.
export {};
