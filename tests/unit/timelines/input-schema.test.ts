import { describe, expect, it } from 'vitest';
import {
  issuesFromSchema,
  NOTE_MAX_LENGTH,
  normaliseNote,
  timelineInputSchema,
} from '../../../src/server/timelines/input-schema.ts';
import { buildTimelineBody } from '../../factories.ts';

const valid = buildTimelineBody();

function pathsOf(raw: unknown): string[] {
  const result = timelineInputSchema.safeParse(raw);
  return result.success ? [] : issuesFromSchema(result.error).map((i) => i.path);
}

describe('timeline input schema', () => {
  it('accepts the documented example as is', () => {
    expect(timelineInputSchema.parse(valid)).toEqual({ ...valid });
  });

  it('fills defaults for optional fields and upper-cases the country', () => {
    expect(timelineInputSchema.parse({ category: 'n400', country: ' mx ', filed: '2023-01' })).toEqual({
      category: 'n400',
      subcategory: null,
      country: 'MX',
      service_center: null,
      filed: '2023-01',
      milestones: [],
      premium: false,
      concurrent: false,
      note: null,
    });
  });

  it.each([
    // wrong vocabulary or shape, one field at a time
    [{ category: 'i999' }, 'category'],
    [{ category: undefined }, 'category'],
    [{ subcategory: 'eb9' }, 'subcategory'],
    [{ country: 'XX' }, 'country'],
    [{ country: 12 }, 'country'],
    [{ service_center: 'ABC' }, 'service_center'],
    [{ filed: '2024-13' }, 'filed'],
    [{ filed: '2024-3' }, 'filed'],
    [{ filed: '03/2024' }, 'filed'],
    [{ filed: 202403 }, 'filed'],
    [{ milestones: {} }, 'milestones'],
    [{ milestones: [{ key: 'lunch', month: '2024-04' }] }, 'milestones.0.key'],
    [{ milestones: [{ key: 'biometrics', month: '2024-04-02' }] }, 'milestones.0.month'],
    [{ milestones: [{ key: 'biometrics', month: '2024-04', day: 2 }] }, 'milestones.0'],
    [{ milestones: Array.from({ length: 41 }, () => ({ key: 'receipt', month: '2024-04' })) }, 'milestones'],
    [{ premium: 'yes' }, 'premium'],
    [{ concurrent: 1 }, 'concurrent'],
    [{ note: 42 }, 'note'],
    [{ note: 'x'.repeat(NOTE_MAX_LENGTH + 1) }, 'note'],
    [{ note: 'bell\u0007' }, 'note'],
    [{ last_confirmed: '2024' }, 'last_confirmed'],
    [{ receipt_number: 'IOE0912345678' }, ''],
  ])('refuses %j at %s', (change, path) => {
    expect(pathsOf({ ...valid, ...change })).toEqual([path]);
  });

  it.each([null, [], 'text', 42, true])('refuses a body that is not an object: %j', (raw) => {
    expect(pathsOf(raw)).toEqual(['']);
  });

  it('speaks plainly', () => {
    const result = timelineInputSchema.safeParse({ ...valid, filed: 'March' });
    expect(result.success).toBe(false);
    expect(issuesFromSchema(result.error!)[0]!.message).toBe(
      'The filing month must be a month written as YYYY-MM, e.g. 2024-03.',
    );
  });

  it('normalises notes: NFKC, invisible characters, line endings, blank means none', () => {
    expect(normaliseNote('  Ｉ got ５\u200b months\r\nlater  ')).toBe('I got 5 months\nlater');
    expect(timelineInputSchema.parse({ ...valid, note: '   ' }).note).toBeNull();
    expect(
      timelineInputSchema.parse({ ...valid, note: 'x'.repeat(NOTE_MAX_LENGTH) + '   ' }).note,
    ).toHaveLength(NOTE_MAX_LENGTH);
  });
});
