/**
 * <ct-copy-button data-target="id">: copies the target field's value and says so. The button
 * is rendered hidden and only shown here, so nobody without JavaScript meets a dead button.
 */
class CopyButton extends HTMLElement {
  connectedCallback(): void {
    const button = this.querySelector<HTMLButtonElement>('button');
    const status = this.querySelector<HTMLElement>('[role="status"]');
    const target = document.getElementById(this.dataset['target'] ?? '') as HTMLInputElement | null;
    if (!button || !target) return;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(target.value);
        if (status) status.textContent = 'Link copied. Paste it somewhere safe.';
      } catch {
        // Clipboard access can be refused (permissions, insecure origin): leave the link selected instead.
        target.focus();
        target.select();
        if (status)
          status.textContent =
            'Could not copy automatically: the link is selected, press Ctrl+C (or ⌘C) to copy it.';
      }
    });
  }
}

if (!customElements.get('ct-copy-button')) customElements.define('ct-copy-button', CopyButton);

// A module, so its types stay its own.
export {};
