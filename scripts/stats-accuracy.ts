/**
 * npm run stats:accuracy [-- --timelines 100000 --deployments 5 --k 5]: how far cell-key noise
 * moves the published Kaplan–Meier median and p80 from the exact ones, on the deterministic demo
 * data, for groups of n >= 30 (and n >= 100), and what it costs groups of 5–29. In memory: no
 * database. Prints a markdown table (docs/measurements/disclosure-accuracy.md).
 */
import { createHash } from 'node:crypto';
import { type Comparison, compare, countTables, summarise } from '../src/server/stats/accuracy.ts';
import { buildDemoTimelines } from '../tests/factories.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`error: --${name} must be a positive whole number`);
    process.exit(1);
  }
  return value;
}

const timelines = arg('timelines', 100_000);
const deployments = arg('deployments', 5);
const k = arg('k', 5);

const started = Date.now();
const tables = countTables(buildDemoTimelines(timelines, 1));
const bands: [string, (c: Comparison) => boolean][] = [
  ['n ≥ 100', (c) => c.n >= 100],
  ['30 ≤ n < 100', (c) => c.n >= 30 && c.n < 100],
  ['n ≥ 30', (c) => c.n >= 30],
  [`${k} ≤ n < 30`, (c) => c.n < 30],
];
console.log(
  `Disclosure accuracy: ${timelines.toLocaleString('en-US')} demo timelines (seed 1), K = ${k}, ${deployments} noise secrets, filed → approved\n`,
);
console.log(
  '| secret | groups | figure | compared | median abs change | max abs change | moved | moved > 1 month | withheld (exact known) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (let d = 0; d < deployments; d++) {
  const secret = createHash('sha256').update(`accuracy-${d}`).digest();
  const all = compare(tables, k, secret);
  for (const [label, keep] of bands) {
    const subset = all.filter(keep);
    for (const figure of ['median', 'p80'] as const) {
      const s = summarise(subset, figure);
      console.log(
        `| ${d} | ${label}: ${s.groups} | ${figure} | ${s.compared} | ${s.medianAbsChange} | ${s.maxAbsChange} | ${s.moved} | ${s.movedMore} | ${s.lost} |`,
      );
    }
  }
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
