import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeFinding,
  findIdentifiers,
  IDENTIFIER_LABELS,
  maskFragment,
} from '../../../src/server/privacy/identifier-guard.ts';
import { normaliseNote } from '../../../src/server/timelines/input-schema.ts';
import { loadCorpus } from './identifier-corpus.ts';

const CORPUS = loadCorpus();
const IDENTIFIERS = CORPUS.filter((n) => n.label === 'identifier');
const ORDINARY = CORPUS.filter((n) => n.label === 'ordinary');
/** The disguises issue 12 lists, and the ordinary notes it says were refused. */
const ISSUE_CLASSES = [
  'separators',
  'other-script-digits',
  'invisible-characters',
  'letters-for-digits',
  'pairs-and-triples',
  'split-halves',
  'spelled-out-digits',
  'email-written-out',
  'web-address-written-out',
  'shorteners-and-handles',
  'passport-i94-ds160',
  'name-with-address-or-dob',
];

// The guard sees notes as they are stored: after normaliseNote.
const refused = (text: string) => findIdentifiers(normaliseNote(text)).length > 0;

describe('identifier guard corpus (identifier-corpus.json)', () => {
  it('has at least 300 notes, hand-written ones among them, and every class of the issue', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(ORDINARY.length).toBeGreaterThanOrEqual(100);
    expect(CORPUS.filter((n) => n.source === 'hand').length).toBeGreaterThanOrEqual(100);
    for (const cls of ISSUE_CLASSES)
      expect(IDENTIFIERS.filter((n) => n.class === cls).length, cls).toBeGreaterThanOrEqual(10);
    expect(ORDINARY.filter((n) => n.class === 'issue-false-refusals').length).toBeGreaterThanOrEqual(10);
  });

  it('refuses at least 95% of the disguised identifiers, and at least 90% in every class', () => {
    const caught = IDENTIFIERS.filter((n) => refused(n.text));
    expect(caught.length / IDENTIFIERS.length).toBeGreaterThanOrEqual(0.95);
    for (const cls of new Set(IDENTIFIERS.map((n) => n.class))) {
      const inClass = IDENTIFIERS.filter((n) => n.class === cls);
      const rate = inClass.filter((n) => refused(n.text)).length / inClass.length;
      expect(rate, cls).toBeGreaterThanOrEqual(0.9);
    }
  });

  describe.each(ORDINARY.map((n) => [n.text, n.class]))('lets %j through (%s)', (text) => {
    it('finds nothing', () => {
      expect(findIdentifiers(normaliseNote(text))).toEqual([]);
    });
  });

  const exact = IDENTIFIERS.filter((n) => n.kind !== undefined && n.fragment !== undefined);
  describe.each(exact.map((n) => [n.text, n.kind!, n.fragment!]))('catches %j', (note, kind, fragment) => {
    it(`as ${kind} at “${fragment}”`, () => {
      const text = normaliseNote(note);
      const found = findIdentifiers(text).map((f) => ({ kind: f.kind, text: text.slice(f.start, f.end) }));
      expect(found).toContainEqual({ kind, text: normaliseNote(fragment) });
    });
  });
});

describe('identifier guard behaviour', () => {
  it('finds every identifier in a note, in reading order, without overlaps', () => {
    const note = 'Mail john@x.com, receipt IOE0912345678, A-123456789 and +44 20 7946 0958.';
    expect(findIdentifiers(note).map((f) => f.kind)).toEqual([
      'email',
      'receipt_number',
      'a_number',
      'phone',
    ]);
  });

  it('sees through disguises and points at the note as written', () => {
    const note = 'my case: I\u034fO\u2800E ۰۹۱۲/۳۴۵/۶۷۸ thanks';
    const [finding, ...rest] = findIdentifiers(note);
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('receipt_number');
    expect(note.slice(finding!.start, finding!.end)).toBe('I\u034fO\u2800E ۰۹۱۲/۳۴۵/۶۷۸');
  });

  it.each([
    ['Filed I-485 03 2024 at NBC'],
    ['N-400 06 2023 filed online'],
    ['I-485-03-2024'],
    ['21 35 60 90 120'],
    ['approved.App'],
    ['USCIS 1-800-375-5283'],
  ])('no longer refuses %j', (note) => {
    expect(findIdentifiers(note)).toEqual([]);
  });

  it('names the kind and the place, and never repeats the identifier', () => {
    const note = 'Hi, my receipt is EAC2112345678 thanks';
    const [finding] = findIdentifiers(note);
    const message = describeFinding(note, finding!);
    expect(message).toContain(IDENTIFIER_LABELS.receipt_number);
    expect(message).toContain('character 19');
    expect(message).toContain('EAC••••••••••');
    expect(message).not.toContain('2112345678');
  });

  it.each([
    ['john at gmail dot com', 'an email address'],
    ['A-number one two three four five six seven eight nine', 'an A-number'],
    ['instagram @priya_greencard', 'a social media handle'],
    ['I-94 number 123456789A1', 'an I-94 admission number'],
    ['John Smith, DOB 03/14/1985', 'a name with a street address or a date of birth'],
  ])('masks a disguised identifier in its message: %j', (note, label) => {
    const findings = findIdentifiers(note);
    expect(findings.length).toBeGreaterThan(0);
    const message = describeFinding(note, findings[0]!);
    expect(message).toContain(label);
    const found = note.slice(findings[0]!.start, findings[0]!.end);
    expect(message).not.toContain(found);
    expect(message).not.toContain(found.slice(4));
  });

  // The first calls compile the guard's patterns (a few hundred milliseconds), hence the timeout.
  it(
    'answers non-empty, ordered, non-overlapping spans of the note for any text',
    { timeout: 30_000 },
    () => {
      const spansOk = (text: string) => {
        const found = findIdentifiers(text);
        found.forEach((f, k) => {
          expect(f.start).toBeGreaterThanOrEqual(k === 0 ? 0 : found[k - 1]!.end);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
        });
      };
      for (const note of CORPUS) spansOk(normaliseNote(note.text));
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => spansOk(text)),
        { numRuns: 200 },
      );
    },
  );

  it.each([
    ['IOE0912345678', 'IOE••••••••••'],
    ['a@b.io', 'a•••••'],
    ['12', '••'],
    ['x'.repeat(40), 'xxx' + '•'.repeat(12)],
  ])('masks %s as %s', (fragment, masked) => {
    expect(maskFragment(fragment)).toBe(masked);
  });

  it('stays fast on long adversarial input', () => {
    const inputs = [
      '1 '.repeat(400) + 'a@'.repeat(100) + '(1) '.repeat(100),
      'one '.repeat(250),
      'a.'.repeat(500),
      'x at y dot '.repeat(90),
      'O1l'.repeat(330),
      'A-'.repeat(500),
      '@a_'.repeat(330),
      'passport '.repeat(50) + '1-'.repeat(300),
    ];
    for (const input of inputs) {
      const text = normaliseNote(input).slice(0, 1000);
      const started = performance.now();
      findIdentifiers(text);
      // Generous bound: catastrophic backtracking would take seconds, not milliseconds.
      expect(performance.now() - started, input.slice(0, 20)).toBeLessThan(1000);
    }
  });
});
