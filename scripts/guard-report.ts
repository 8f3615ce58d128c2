// npm run guard:report [-- --misses]: the identifier guard's catch and false-refusal rates on
// tests/unit/privacy/identifier-corpus.json, per class and per source, as a markdown table.
import { parseArgs } from 'node:util';
import { findIdentifiers } from '../src/server/privacy/identifier-guard.ts';
import { normaliseNote } from '../src/server/timelines/input-schema.ts';
import { type CorpusNote, loadCorpus } from '../tests/unit/privacy/identifier-corpus.ts';

const { values } = parseArgs({ options: { misses: { type: 'boolean', default: false } } });
const notes = loadCorpus();

interface Tally {
  notes: number;
  right: number;
}
const tally = (group: Map<string, Tally>, key: string, right: boolean) => {
  const t = group.get(key) ?? { notes: 0, right: 0 };
  t.notes++;
  if (right) t.right++;
  group.set(key, t);
};
const byClass = new Map<string, Tally>();
const bySource = new Map<string, Tally>();
const misses: CorpusNote[] = [];
for (const note of notes) {
  const refused = findIdentifiers(normaliseNote(note.text)).length > 0;
  const right = note.label === 'identifier' ? refused : !refused;
  tally(byClass, `${note.label} | ${note.class}`, right);
  tally(bySource, `${note.label} | ${note.source}`, right);
  if (!right) misses.push(note);
}

const pct = (t: Tally) => `${((100 * t.right) / t.notes).toFixed(1)}%`;
function table(title: string, group: Map<string, Tally>) {
  console.log(`\n| ${title} | notes | right | rate |\n| --- | ---: | ---: | ---: |`);
  for (const [key, t] of [...group].sort(([a], [b]) => a.localeCompare(b))) {
    const [label, name] = key.split(' | ');
    const what = label === 'identifier' ? 'refused' : 'passed';
    console.log(`| ${label}: ${name} | ${t.notes} | ${t.right} ${what} | ${pct(t)} |`);
  }
}
const total = (label: string) => {
  const all = notes.filter((n) => n.label === label);
  const right = all.length - misses.filter((n) => n.label === label).length;
  return { notes: all.length, right };
};
const caught = total('identifier');
const passed = total('ordinary');
console.log(`Identifier guard on ${notes.length} notes (tests/unit/privacy/identifier-corpus.json)`);
console.log(`- disguised identifiers refused: ${caught.right}/${caught.notes} (${pct(caught)})`);
console.log(
  `- ordinary notes refused (false refusals): ${passed.notes - passed.right}/${passed.notes} (${(100 - (100 * passed.right) / passed.notes).toFixed(1)}%)`,
);
table('class', byClass);
table('source', bySource);
if (values.misses && misses.length > 0) {
  console.log('\nWrong answers:');
  for (const n of misses) console.log(`- ${n.label} ${n.class} (${n.source}): ${JSON.stringify(n.text)}`);
}
