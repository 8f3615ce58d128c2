import { defineMiddleware, sequence } from 'astro:middleware';
import { accountsMiddleware } from './server/auth/middleware.ts';
import { appDatabase } from './server/db/instance.ts';
import {
  beginRequest,
  installShutdownHandlers,
  isShuttingDown,
  releaseWhenSent,
} from './server/http/lifecycle.ts';
import { applySecurityHeaders } from './server/http/security-headers.ts';
import { finishCaching } from './server/http/cache.ts';
import { errorResponse, unavailableResponse } from './server/http/errors.ts';
import { log } from './server/log/logger.ts';
import { crossSiteRefusal } from './server/http/origin-check.ts';
import { httpsFor } from './server/http/proxy.ts';
import { explorePageCache } from './server/stats/explore-page-cache.ts';

installShutdownHandlers();
// Open and migrate the database when the server starts, not on the first visitor's request.
appDatabase().catch(() => {});

// Request logs carry the route pattern, never the URL (edit links hold tokens), the
// address, the user agent or the body: they cannot be joined to timelines.
const pipeline = defineMiddleware(async (context, next) => {
  const isApi = context.url.pathname.startsWith('/api/');
  const https = httpsFor(context);
  if (isShuttingDown()) {
    const response = unavailableResponse(isApi);
    response.headers.set('connection', 'close');
    applySecurityHeaders(response.headers, { https });
    return response;
  }
  // Before anything else reads the body or the session: a cross-site form post does nothing.
  const refused = crossSiteRefusal(context.request, context.url);
  if (refused) {
    applySecurityHeaders(refused.headers, { https });
    log.info('request', { method: context.request.method, route: context.routePattern, status: 403 });
    return refused;
  }
  const started = performance.now();
  const release = beginRequest();
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    const handled = errorResponse(error, isApi);
    log.error('request_failed', {
      method: context.request.method,
      route: context.routePattern,
      error: error instanceof Error ? error.name : typeof error,
      code:
        typeof (error as { code?: unknown })?.code === 'string'
          ? (error as { code: string }).code
          : undefined,
    });
    if (!handled) {
      release();
      throw error;
    }
    response = handled;
  }
  try {
    // Cookies set through Astro.cookies reach the headers only after the middleware.
    const setsCookie = !context.cookies.headers().next().done;
    response = await finishCaching(context.request, response, { setsCookie });
  } catch (error) {
    // A page that failed while its body was read for the ETag: answer like any other failure.
    release();
    throw error;
  }
  applySecurityHeaders(response.headers, { https });
  log.info('request', {
    method: context.request.method,
    route: context.routePattern,
    status: response.status,
    ms: Math.round(performance.now() - started),
  });
  return releaseWhenSent(response, release);
});

// Accounts run inside the pipeline so their refusals and pages get the same headers and logs.
// The Explore page cache runs last: it stores what the page rendered, after accounts had their say.
export const onRequest = sequence(pipeline, accountsMiddleware, explorePageCache(appDatabase));
