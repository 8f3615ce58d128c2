// Where `npm test` spends its time: the slowest test files (and tests) in a vitest JSON report.
// Usage: npm test -- --reporter=json --outputFile.json=test-results/tests.json
//        node scripts/test-times.mjs test-results/tests.json [how many, default 10]
import { readFileSync } from 'node:fs';

const [file = 'test-results/tests.json', count = '10'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const short = (name) => name.slice(name.indexOf('/tests/') + 1);
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

const files = report.testResults
  .map((r) => ({ name: short(r.name), ms: r.endTime - r.startTime, tests: r.assertionResults.length }))
  .sort((a, b) => b.ms - a.ms);
const total = files.reduce((sum, f) => sum + f.ms, 0);
console.log(`${files.length} files, ${report.numTotalTests} tests, ${report.numFailedTests} failed;`);
console.log(
  `sum of file durations ${seconds(total).trim()} s (files run in parallel: more than the wall time)`,
);
console.log('\n      s  tests  file');
for (const f of files.slice(0, Number(count)))
  console.log(`${seconds(f.ms)}  ${String(f.tests).padStart(5)}  ${f.name}`);

const tests = report.testResults
  .flatMap((r) =>
    r.assertionResults.map((a) => ({ name: `${short(r.name)} > ${a.fullName}`, ms: a.duration ?? 0 })),
  )
  .sort((a, b) => b.ms - a.ms);
console.log('\n      s  test');
for (const t of tests.slice(0, Number(count))) console.log(`${seconds(t.ms)}  ${t.name}`);
