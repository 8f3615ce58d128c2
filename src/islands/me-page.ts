/**
 * <ct-me-page>: the signed-in person's actions on /me. Each form or button sends one JSON
 * request to the API, which checks ownership again; the page reloads to show the result.
 */
import { loadClerk, sessionHeaders } from './clerk-browser.ts';

interface ApiError {
  error?: string;
  issues?: { path: string; message: string }[];
}

interface MilestoneInput {
  key: string;
  month: string;
}

async function send(method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { ...(await sessionHeaders()) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function errorText(response: Response): Promise<string> {
  if (response.status === 401) return 'Your session has ended. Sign in again to continue.';
  const body = (await response.json().catch(() => ({}))) as ApiError;
  const issues = body.issues?.map((i) => i.message).join(' ') ?? '';
  return [body.error ?? `Something went wrong (${response.status}).`, issues].filter(Boolean).join(' ');
}

class MePage extends HTMLElement {
  connectedCallback(): void {
    this.addEventListener('submit', (event) => void this.onSubmit(event));
    this.addEventListener('click', (event) => void this.onClick(event));
    // Load Clerk early so requests can carry a fresh session token.
    void loadClerk();
  }

  private say(scope: Element, text: string, isError = false): void {
    const selector = isError && scope instanceof HTMLFormElement ? '[data-error]' : '[data-message]';
    const target =
      scope.querySelector<HTMLElement>(selector) ?? this.querySelector<HTMLElement>('[data-page-message]');
    if (target) target.textContent = text;
  }

  private async run(
    scope: Element,
    work: () => Promise<Response>,
    done: (response: Response) => Promise<void> | void,
  ): Promise<void> {
    const errorTarget = scope.querySelector<HTMLElement>('[data-error]');
    if (errorTarget) errorTarget.textContent = '';
    try {
      const response = await work();
      if (!response.ok) return this.say(scope, await errorText(response), true);
      await done(response);
    } catch {
      this.say(scope, 'The request did not reach the server. Check your connection and try again.', true);
    }
  }

  private async onSubmit(event: Event): Promise<void> {
    const form = event.target as HTMLFormElement;
    const action = form.dataset['action'];
    if (!action) return;
    event.preventDefault();
    const data = new FormData(form);
    const card = form.closest<HTMLElement>('[data-timeline]');
    const id = card?.dataset['timeline'] ?? '';
    const reload = () => window.location.reload();
    switch (action) {
      case 'claim':
        return this.run(
          form,
          () => send('POST', '/api/v1/me/claims', { edit_link: String(data.get('edit_link') ?? '') }),
          reload,
        );
      case 'priority-date':
        return this.run(
          form,
          () =>
            send('PUT', '/api/v1/me/priority-date', {
              category: String(data.get('category') ?? ''),
              country: String(data.get('country') ?? ''),
              priority_date: String(data.get('priority_date') ?? ''),
            }),
          reload,
        );
      case 'remove-priority-date':
        return this.run(form, () => send('DELETE', '/api/v1/me/priority-date'), reload);
      case 'delete-all':
        return this.run(
          form,
          () => send('DELETE', '/api/v1/me', { confirm: String(data.get('confirm') ?? '') }),
          reload,
        );
      case 'save-note': {
        const note = String(data.get('note') ?? '').trim();
        return this.run(
          form,
          () => send('PATCH', `/api/v1/timelines/${id}`, { note: note === '' ? null : note }),
          () => this.say(card!, 'Note saved.'),
        );
      }
      case 'add-milestone': {
        const key = String(data.get('key') ?? '');
        const month = String(data.get('month') ?? '');
        if (!/^\d{4}-\d{2}$/.test(month)) return this.say(form, 'Choose the month of this milestone.', true);
        const current = JSON.parse(card?.dataset['milestones'] ?? '[]') as MilestoneInput[];
        const milestones = [...current.filter((m) => m.key !== key), { key, month }];
        return this.run(form, () => send('PATCH', `/api/v1/timelines/${id}`, { milestones }), reload);
      }
      case 'share-link': {
        const shows = data.getAll('shows').map(String);
        return this.run(
          form,
          () => send('PUT', `/api/v1/me/timelines/${id}/share-link`, { shows }),
          async (response) => {
            const { url } = (await response.json()) as { url: string };
            const result = form.querySelector<HTMLElement>('[data-share-result]');
            const field = form.querySelector<HTMLInputElement>('[data-share-url]');
            if (result && field) {
              field.value = url;
              result.hidden = false;
              field.focus();
              field.select();
            }
          },
        );
      }
    }
  }

  private async onClick(event: Event): Promise<void> {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.type === 'submit') return;
    const card = button.closest<HTMLElement>('[data-timeline]');
    const id = card?.dataset['timeline'] ?? '';
    const reload = () => window.location.reload();
    switch (button.dataset['action']) {
      case 'sign-out': {
        const clerk = await loadClerk();
        if (clerk) return clerk.signOut({ redirectUrl: '/' });
        return this.say(
          this,
          'The sign-in service could not be reached, so you could not be signed out. Try again.',
        );
      }
      case 'still-pending':
        // An edit without last_confirmed confirms the case as of this month.
        return this.run(card!, () => send('PATCH', `/api/v1/timelines/${id}`, {}), reload);
      case 'remove-milestone': {
        const current = JSON.parse(card?.dataset['milestones'] ?? '[]') as MilestoneInput[];
        const milestones = current.filter((m) => m.key !== button.dataset['key']);
        return this.run(card!, () => send('PATCH', `/api/v1/timelines/${id}`, { milestones }), reload);
      }
      case 'revoke-link':
        return this.run(card!, () => send('DELETE', `/api/v1/me/timelines/${id}/share-link`), reload);
      case 'delete-timeline':
        return this.run(card!, () => send('DELETE', `/api/v1/timelines/${id}`), reload);
    }
  }
}

customElements.define('ct-me-page', MePage);
