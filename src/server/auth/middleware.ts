/**
 * Accounts in the request pipeline. Clerk's middleware runs only when this instance has
 * Clerk settings at run time; without them nothing of Clerk touches a request, so no Clerk
 * script reaches a page. With them, pages may load Clerk's browser code from its Frontend
 * API host, and the page's Content-Security-Policy names that host.
 */
import type { MiddlewareHandler } from 'astro';
import { clerkMiddleware } from '@clerk/astro/server';
import { env } from '../../env.ts';
import { clerkSettings, type ClerkSettings } from './config.ts';

export const SIGN_IN_PATH = '/sign-in';
export const SIGN_UP_PATH = '/sign-up';

/** What Clerk's browser code needs beyond 'self', per Clerk's CSP guide. */
export function clerkCspSources(settings: Pick<ClerkSettings, 'frontendApiHost'>) {
  const frontendApi = `https://${settings.frontendApiHost}`;
  return {
    script: [frontendApi, 'https://challenges.cloudflare.com'],
    connect: [frontendApi],
    img: ['https://img.clerk.com'],
    frame: ['https://challenges.cloudflare.com'],
    worker: ['blob:'],
  };
}

type CspControl = NonNullable<Parameters<MiddlewareHandler>[0]['csp']>;

/**
 * Names Clerk's hosts in the page's policy. Called while the page renders (Base.astro):
 * Astro's CSP for a page exists only from then on, not yet in the middleware.
 */
export function allowClerkInPolicy(csp: CspControl | undefined, options: { clerkUi?: boolean } = {}): void {
  const settings = clerkPipeline()?.settings;
  if (!csp || !settings) return;
  const sources = clerkCspSources(settings);
  // A script resource replaces Astro's default source list, so 'self' is named again.
  csp.insertScriptResource("'self'");
  for (const source of sources.script) csp.insertScriptResource(source);
  csp.insertDirective(`connect-src 'self' ${sources.connect.join(' ')}`);
  csp.insertDirective(`img-src 'self' data: ${sources.img.join(' ')}`);
  csp.insertDirective(`frame-src 'self' ${sources.frame.join(' ')}`);
  csp.insertDirective(`worker-src 'self' ${sources.worker.join(' ')}`);
  // Clerk's sign-in and sign-up components write their own <style> elements; only the pages
  // that show them accept inline style elements (style attributes stay blocked everywhere).
  // style-src-elem replaces style-src for <style> and <link> elements, so 'self' is named again.
  if (options.clerkUi) {
    csp.insertStyleResource({ resource: "'self'", kind: 'element' });
    csp.insertStyleResource({ resource: "'unsafe-inline'", kind: 'element' });
  }
}

let pipeline: { settings: ClerkSettings; handler: MiddlewareHandler } | null | undefined;

/** Built once per process: the settings cannot change while it runs. */
function clerkPipeline() {
  if (pipeline !== undefined) return pipeline;
  const settings = clerkSettings(env());
  pipeline = settings && {
    settings,
    handler: clerkMiddleware({
      publishableKey: settings.publishableKey,
      secretKey: settings.secretKey,
      jwtKey: settings.jwtKey,
      authorizedParties: settings.authorizedParties,
      signInUrl: SIGN_IN_PATH,
      signUpUrl: SIGN_UP_PATH,
    }),
  };
  return pipeline;
}

/** Whether sign-in is configured on this instance. */
export function accountsEnabled(): boolean {
  return clerkPipeline() !== null;
}

/** The publishable key for pages that mount Clerk's components; undefined without accounts. */
export function clerkPublishableKey(): string | undefined {
  return clerkPipeline()?.settings.publishableKey;
}

export const accountsMiddleware: MiddlewareHandler = (context, next) => {
  const clerk = clerkPipeline();
  if (!clerk) return next();
  return clerk.handler(context, next);
};
