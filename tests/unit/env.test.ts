import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/env.ts';

describe('environment', () => {
  it('defaults to the embedded database and K = 5 with no settings at all', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('data');
    expect(env.STATS_MIN_GROUP_SIZE).toBe(5);
    expect(env.INCLUDE_DEMO_DATA).toBe(false);
  });

  it('reads the demo flag and K', () => {
    const env = parseEnv({
      INCLUDE_DEMO_DATA: 'true',
      STATS_MIN_GROUP_SIZE: '10',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(env.INCLUDE_DEMO_DATA).toBe(true);
    expect(env.STATS_MIN_GROUP_SIZE).toBe(10);
    expect(env.DATABASE_URL).toBe('postgres://u@h/db');
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ STATS_MIN_GROUP_SIZE: 'five' }, 'STATS_MIN_GROUP_SIZE'],
    [{ STATS_MIN_GROUP_SIZE: '1' }, 'STATS_MIN_GROUP_SIZE'],
    [{ INCLUDE_DEMO_DATA: 'maybe' }, 'INCLUDE_DEMO_DATA'],
    // A replica of the embedded database cannot exist.
    [{ DATABASE_READ_URL: 'postgres://u@replica/db' }, 'DATABASE_READ_URL'],
    [{ DATABASE_URL: 'postgres://u@h/db', DATABASE_READ_URL: 'mysql://x' }, 'DATABASE_READ_URL'],
    [{ READ_REPLICA_MAX_LAG_SECONDS: '-1' }, 'READ_REPLICA_MAX_LAG_SECONDS'],
  ])('names the bad field in %j', (source, field) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(field);
  });

  it('reads a replica URL beside the primary, with a 10-second lag bound by default', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://u@h/db', DATABASE_READ_URL: 'postgres://u@r/db' });
    expect(env.DATABASE_READ_URL).toBe('postgres://u@r/db');
    expect(env.READ_REPLICA_MAX_LAG_SECONDS).toBe(10);
    expect(parseEnv({ READ_REPLICA_MAX_LAG_SECONDS: '2.5' }).READ_REPLICA_MAX_LAG_SECONDS).toBe(2.5);
    expect(parseEnv({ DATABASE_READ_URL: '' }).DATABASE_READ_URL).toBeUndefined();
  });

  describe('SERVER_SECRET', () => {
    it.each<[Record<string, string>, string]>([
      [{}, 'local development: the default host is loopback'],
      [{ HOST: '127.0.0.1', SITE_ORIGIN: 'http://localhost:4321' }, 'loopback origin'],
    ])('may be left out in %j (%s)', (source) => {
      expect(parseEnv(source).SERVER_SECRET).toBeUndefined();
    });

    it.each<[Record<string, string>]>([
      [{ HOST: '0.0.0.0' }],
      [{ HOST: '::' }],
      [{ HOST: '127.0.0.1', SITE_ORIGIN: 'https://casetrack.example' }],
    ])('is required when the server is reachable: %j', (source) => {
      expect(() => parseEnv(source)).toThrow(/SERVER_SECRET: required/);
      expect(parseEnv({ ...source, SERVER_SECRET: 'x'.repeat(32) }).SERVER_SECRET).toBe('x'.repeat(32));
    });

    it('must be long enough', () => {
      expect(() => parseEnv({ SERVER_SECRET: 'short' })).toThrow(/SERVER_SECRET: must be at least 32/);
    });
  });
});
