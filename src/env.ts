/**
 * The typed environment: the only module that reads process.env.
 * Parsed once, on first use, so a bad value fails fast with a field-level message.
 */
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Unset and empty both mean "not configured". */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Loopback host names and addresses: a server bound only to these is reachable from this machine alone. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** One TRUSTED_PROXIES entry: an IPv4 or IPv6 address, optionally with a /prefix. */
const PROXY_ENTRY = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(?:\/\d{1,3})?)$/;

const objectSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** postgres://… switches from the embedded PGlite database to real PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * A streaming replica of DATABASE_URL for public read-only traffic (statistics, Explore, feed,
   * Atom). Writes, edit pages and /me always use DATABASE_URL. See src/server/db/read-replica.ts.
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Reads go back to the primary while the replica is further behind than this. */
  READ_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().min(1).default('data'),
  /** Smallest group for which any figure is published. */
  STATS_MIN_GROUP_SIZE: z.coerce.number().int().min(2).max(1000).default(5),
  /**
   * Publish exact figures, without cell-key noise (a private research deployment, or checking the
   * estimator against a reference). The K rule stays in force. docs/decisions/050.
   */
  STATS_EXACT: booleanFlag,
  /** A demo deployment may show synthetic (provenance "demo") timelines in public statistics. */
  INCLUDE_DEMO_DATA: booleanFlag,
  /** Read by the Node adapter too; here so scripts know where the server listens. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  /** Submissions, edits and reports allowed per client key per hour. */
  RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Accounts (Clerk). All three keys and SITE_ORIGIN together turn sign-in on at run time;
   * with none of them the site runs without accounts. See src/server/auth/config.ts.
   */
  PUBLIC_CLERK_PUBLISHABLE_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^pk_(live|test)_[A-Za-z0-9+/=_-]+$/, 'must be a Clerk publishable key (pk_live_… or pk_test_…)')
      .optional(),
  ),
  CLERK_SECRET_KEY: optionalText,
  /** The instance's PEM public key: sessions are verified without calling Clerk. */
  CLERK_JWT_KEY: optionalText.pipe(
    z
      .string()
      .includes('-----BEGIN PUBLIC KEY-----', {
        message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)',
      })
      .optional(),
  ),
  /** The site's public origin, e.g. https://casetrack.example: the only authorized party of a session. */
  SITE_ORIGIN: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) origin like https://casetrack.example' })
      .optional(),
  ),
  /** Small self-hosted instances: whoever presents this token is a moderator. Unset: no token sign-in. */
  ADMIN_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * The one secret the server keys everything derived from visitors with (client keys, the
   * duplicate guard, report dedupe, feed references and cursors, moderator sessions). Never
   * stored in the database, so a copy of it cannot be linked to addresses. Required whenever
   * the server is reachable from other machines (see refine below); local development derives one.
   */
  SERVER_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /**
   * Reverse proxies whose X-Forwarded-For (and X-Forwarded-Proto) is believed: comma-separated
   * addresses or CIDR ranges, e.g. "127.0.0.1,::1" or "10.0.0.0/8". Unset: no header is believed.
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    )
    .pipe(z.array(z.string().regex(PROXY_ENTRY, 'must be IP addresses or CIDR ranges, comma separated'))),
  /** Account user ids (Clerk) that are moderators, comma separated. */
  MODERATOR_USER_IDS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
});

/** Reachable from other machines: it listens beyond loopback, or says its public origin is elsewhere. */
export function isPublicDeployment(e: Pick<z.infer<typeof objectSchema>, 'HOST' | 'SITE_ORIGIN'>): boolean {
  return (
    !isLoopbackHost(e.HOST) ||
    (e.SITE_ORIGIN !== undefined && !isLoopbackHost(new URL(e.SITE_ORIGIN).hostname))
  );
}

const envSchema = objectSchema.superRefine((e, ctx) => {
  if (e.SERVER_SECRET === undefined && isPublicDeployment(e)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SERVER_SECRET'],
      message:
        'required when HOST is not loopback or SITE_ORIGIN is public; generate one with `openssl rand -base64 48`',
    });
  }
  // A replica of the embedded database cannot exist: refuse the setting rather than ignore it.
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_READ_URL'],
      message: 'needs DATABASE_URL (a read replica of PostgreSQL, not of the embedded database)',
    });
  }
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment record; throws EnvError naming every bad field. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnvError(`Invalid environment: ${fields}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
