import { describe, expect, it } from 'vitest';
import {
  describeFinding,
  findIdentifiers,
  IDENTIFIER_LABELS,
  maskFragment,
} from '../../../src/server/privacy/identifier-guard.ts';
import { normaliseNote } from '../../../src/server/timelines/input-schema.ts';
import { NEGATIVE, POSITIVE } from './identifier-corpus.ts';

describe('identifier guard corpus', () => {
  it('has at least 100 cases each way', () => {
    expect(POSITIVE.length).toBeGreaterThanOrEqual(100);
    expect(NEGATIVE.length).toBeGreaterThanOrEqual(100);
  });

  // The guard sees notes after normalisation (full-width digits become digits).
  describe.each(POSITIVE)('catches %j', (note, kind, fragment) => {
    it(`as ${kind} at “${fragment}”`, () => {
      const text = normaliseNote(note);
      const expected = normaliseNote(fragment);
      const found = findIdentifiers(text).map((f) => ({ kind: f.kind, text: text.slice(f.start, f.end) }));
      expect(found).toContainEqual({ kind, text: expected });
    });
  });

  describe.each(NEGATIVE.map((n) => [n]))('lets %j through', (note) => {
    it('finds nothing', () => {
      expect(findIdentifiers(normaliseNote(note))).toEqual([]);
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

  it('sees through invisible characters once the note is normalised', () => {
    const hidden = 'IOE\u200b0912\u00ad345678';
    expect(findIdentifiers(hidden)).toEqual([]);
    expect(findIdentifiers(normaliseNote(hidden)).map((f) => f.kind)).toEqual(['receipt_number']);
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
    ['IOE0912345678', 'IOE••••••••••'],
    ['a@b.io', 'a•••••'],
    ['12', '••'],
    ['x'.repeat(40), 'xxx' + '•'.repeat(12)],
  ])('masks %s as %s', (fragment, masked) => {
    expect(maskFragment(fragment)).toBe(masked);
  });

  it('stays fast on long adversarial input', () => {
    const text = normaliseNote('1 '.repeat(400) + 'a@'.repeat(100) + '(1) '.repeat(100));
    const started = performance.now();
    findIdentifiers(text);
    // Generous bound: catastrophic backtracking would take seconds, not milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
