/**
 * Graceful shutdown: on SIGTERM/SIGINT new requests get a fast 503, in-flight requests
 * drain (up to a bound), then the database closes and the process exits.
 */
const DRAIN_TIMEOUT_MS = 10_000;

let inFlight = 0;
let shuttingDown = false;
const idleWaiters = new Set<() => void>();
const shutdownHooks: (() => Promise<void>)[] = [];

export function isShuttingDown(): boolean {
  return shuttingDown;
}

/** Counts a request as in flight; call the returned function once when its response is done. */
export function beginRequest(): () => void {
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };
}

function drained(timeoutMs: number): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      idleWaiters.delete(done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    idleWaiters.add(done);
  });
}

/** Runs a hook (close the database) after requests drained on shutdown. */
export function onShutdown(hook: () => Promise<void>): void {
  shutdownHooks.push(hook);
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  await drained(DRAIN_TIMEOUT_MS);
  for (const hook of shutdownHooks) await hook().catch(() => {});
  process.exit(0);
}

/** Installs the signal handlers once per process. */
export function installShutdownHandlers(): void {
  const key = Symbol.for('casetrack.shutdown-installed');
  const registry = globalThis as Record<symbol, unknown>;
  if (registry[key]) return;
  registry[key] = true;
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

/** The response, with its in-flight count released when its body has been sent or dropped. */
export function releaseWhenSent(response: Response, release: () => void): Response {
  if (!response.body) {
    release();
    return response;
  }
  const body = response.body.pipeThrough(
    new TransformStream({
      flush: release,
      cancel: () => release(),
    } as Transformer & { cancel: () => void }),
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
