// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { precompressDirectory } from './src/server/http/precompressed.ts';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    {
      // Static assets are compressed once here, at the maximum level; npm start serves the copies.
      name: 'casetrack:precompress',
      hooks: {
        'astro:build:done': ({ dir, logger }) => {
          const { files, bytes, brotliBytes } = precompressDirectory(fileURLToPath(dir));
          logger.info(`pre-compressed ${files} files: ${bytes} bytes → ${brotliBytes} bytes brotli`);
        },
      },
    },
  ],
  server: { port: 4321 },
  security: {
    // Off: src/server/http/origin-check.ts refuses cross-site form posts against SITE_ORIGIN,
    // which stays right behind a TLS-terminating proxy (docs/decisions/067).
    checkOrigin: false,
    // Astro hashes every script and style it emits; pages get this policy as a header.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  // No client-side telemetry, no prefetching of data pages.
  prefetch: false,
  // No Markdown code blocks here; Shiki's inline styles would clash with the CSP.
  markdown: { syntaxHighlight: false },
  vite: {
    build: { sourcemap: false },
  },
});
