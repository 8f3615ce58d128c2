/** The test run's own settings (the app's settings live in src/env.ts). */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] || undefined;
/** Prefix of every throw-away database this run creates; set by the global setup. */
export const RUN_DATABASE_PREFIX = process.env['CT_TEST_DB_PREFIX'] ?? 'ct_test_';
