// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321 },
  // Cross-site form posts are refused (403) by Astro's origin check.
  security: { checkOrigin: true },
  // No client-side telemetry, no prefetching of data pages.
  prefetch: false,
  vite: {
    build: { sourcemap: false },
  },
});
