// npm run audit:lighthouse — Lighthouse (mobile profile) with Debian's Chromium against the built
// site on 127.0.0.1. Targets: performance ≥ 95; accessibility, best practices and SEO = 100.
// Writes bench-results/lighthouse-*.md and the JSON reports; exits 1 below target.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/server/cli/run.ts';
import { targetFromConfig } from '../src/server/db/client.ts';
import { prepareDemoDatabase } from './lib/demo-database.ts';
import { startServer } from './lib/server-process.ts';
import { markdownTable } from './load/report.ts';

const root = new URL('..', import.meta.url).pathname;
const PAGES = ['/', '/share', '/explore?category=i485', '/feed'];
const TARGET: Record<string, number> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};
const CHROME_FLAGS =
  '--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

runCli(async () => {
  const outDir = join(root, 'bench-results', `lighthouse-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-lh-'));
  await prepareDemoDatabase(targetFromConfig({ DATA_DIR: dataDir }), { count: 5000, seed: 3 });
  const server = await startServer({
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    INCLUDE_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
  });
  const rows: (string | number)[][] = [];
  let failed = false;
  try {
    for (const [i, path] of PAGES.entries()) {
      const reportPath = join(outDir, `page-${i}.json`);
      const result = spawnSync(
        process.execPath,
        [
          join(root, 'node_modules/lighthouse/cli/index.js'),
          `${server.baseUrl}${path}`,
          '--output=json',
          `--output-path=${reportPath}`,
          '--only-categories=performance,accessibility,best-practices,seo',
          '--quiet',
          `--chrome-flags=${CHROME_FLAGS} --user-data-dir=${join(dataDir, `chrome-${i}`)}`,
        ],
        { encoding: 'utf8', timeout: 180_000, env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } },
      );
      if (result.status !== 0)
        throw new Error(
          `lighthouse failed on ${path}: ${(result.stderr || result.stdout).split('\n').slice(-3).join(' ')}`,
        );
      const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
        categories: Record<string, { score: number }>;
        audits: Record<string, { score: number | null; title: string }>;
      };
      const scores = Object.fromEntries(
        Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]),
      );
      const below = Object.entries(TARGET).filter(([k, min]) => (scores[k] ?? 0) < min);
      if (below.length) {
        failed = true;
        const misses = Object.values(report.audits)
          .filter((a) => a.score !== null && a.score < 1)
          .map((a) => a.title)
          .slice(0, 8);
        console.log(
          `${path}: below target in ${below.map(([k]) => k).join(', ')}; audits not passed: ${misses.join('; ')}`,
        );
      }
      rows.push([
        path,
        scores['performance'] ?? 0,
        scores['accessibility'] ?? 0,
        scores['best-practices'] ?? 0,
        scores['seo'] ?? 0,
        below.length ? 'below target' : 'ok',
      ]);
      console.log(`${path}: ${JSON.stringify(scores)}`);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const markdown = `# Lighthouse (mobile)\n\nDate: ${new Date().toISOString()} · Debian Chromium · 127.0.0.1\n\n${markdownTable(['page', 'performance', 'accessibility', 'best practices', 'SEO', 'verdict'], rows)}\n`;
  writeFileSync(join(outDir, 'summary.md'), markdown);
  console.log(`\n${markdown}`);
  return failed ? 1 : 0;
});
