/** <ct-clerk-component data-component="sign-in|sign-up">: mounts Clerk's own sign-in or sign-up component. */
import { loadClerk } from './clerk-browser.ts';

class ClerkComponent extends HTMLElement {
  async connectedCallback(): Promise<void> {
    const status = this.querySelector<HTMLElement>('[data-status]');
    const host = this.querySelector<HTMLDivElement>('[data-mount]');
    const clerk = await loadClerk();
    if (!clerk || !host) {
      if (status)
        status.textContent =
          'The sign-in service could not be reached. Check your connection and reload the page.';
      return;
    }
    status?.remove();
    const props = {
      signInUrl: '/sign-in',
      signUpUrl: '/sign-up',
      forceRedirectUrl: '/me',
      signUpForceRedirectUrl: '/me',
    };
    if (this.dataset['component'] === 'sign-up') clerk.mountSignUp(host, props);
    else clerk.mountSignIn(host, props);
  }
}

customElements.define('ct-clerk-component', ClerkComponent);
