/** The test run's own settings (the app's settings live in src/env.ts). */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] || undefined;
/** Prefix of every throw-away database this run creates; set by the global setup. */
export const RUN_DATABASE_PREFIX = process.env['CT_TEST_DB_PREFIX'] ?? 'ct_test_';
/** The migrated PostgreSQL database the global setup made for suites to copy, if any. */
export const TEMPLATE_DATABASE = process.env['CT_TEST_DB_TEMPLATE'] || undefined;
/** A migrated PGlite data directory the global setup dumped for suites to load, if any. */
export const PGLITE_TEMPLATE_FILE = process.env['CT_TEST_PGLITE_TEMPLATE'] || undefined;
/** FULL_FUZZ=1 (CI sets it) runs every property test at full length; locally a tenth is enough to catch a regression. */
export const FULL_FUZZ = process.env['FULL_FUZZ'] === '1';
/** How many runs a property test makes: `full` under FULL_FUZZ=1, a tenth of it otherwise. */
export const fuzzRuns = (full: number): number => (FULL_FUZZ ? full : Math.ceil(full / 10));
