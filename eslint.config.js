// ESLint flat config: typescript-eslint for .ts, eslint-plugin-astro for .astro, and the
// security rules that fit a site taking untrusted input (no eval, no unsanitized DOM sinks,
// no raw set:html). Formatting is Prettier's job (npm run format), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      '.astro/',
      'bench-results/',
      'test-results/',
      'coverage/',
      'scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'no-unsanitized': noUnsanitized },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      'astro/no-set-html-directive': 'error',
      'astro/no-unused-css-selector': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Migrations are written against Kysely<any> on purpose: they describe past schemas, which
    // the current DB type no longer matches.
    files: ['db/migrations/**/*.ts', 'src/server/db/migrations.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The XSS corpus holds javascript: URLs as test data, never as code.
    files: ['tests/e2e/xss-payloads.ts'],
    rules: { 'no-script-url': 'off' },
  },
);
