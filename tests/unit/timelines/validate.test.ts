import { describe, expect, it } from 'vitest';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import {
  fieldsToInput,
  latestReportableMonth,
  validateTimelineInput,
} from '../../../src/server/timelines/validate.ts';
import { buildTimelineBody } from '../../factories.ts';

const NOW = new Date('2026-11-23T04:00:00Z');
const example = buildTimelineBody();

describe('validateTimelineInput', () => {
  it('turns the documented example into timeline fields confirmed this month', () => {
    expect(validateTimelineInput(example, { now: NOW })).toEqual({
      ok: true,
      value: {
        category: 'i485',
        subcategory: null,
        country: 'IN',
        office: 'NBC',
        laterOffice: null,
        premium: false,
        concurrent: false,
        filedMonth: monthIndex(2024, 3),
        lastConfirmedMonth: monthIndex(2026, 11),
        note: 'optional text',
        milestones: [{ key: 'biometrics', month: monthIndex(2024, 4) }],
      },
      notices: [],
    });
  });

  it('keeps an imported last-confirmed month', () => {
    const result = validateTimelineInput({ ...example, last_confirmed: '2024-08' }, { now: NOW });
    expect(result.ok && result.value.lastConfirmedMonth).toBe(monthIndex(2024, 8));
  });

  it('refuses an identifier in the note even when other fields are wrong too', () => {
    const result = validateTimelineInput(
      { ...example, country: 'ZZ', note: 'my A-number is A123456789' },
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['country', 'note']);
    expect(result.issues[1]!.message).toMatch(
      /^The note contains what looks like an A-number at character \d+/,
    );
    expect(result.issues[1]!.message).not.toContain('123456789');
  });

  it('refuses implausible dates with their paths', () => {
    const result = validateTimelineInput(
      { ...example, milestones: [{ key: 'approved', month: '2023-01' }] },
      { now: NOW },
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'milestones.0.month',
          message: '“Approved” (Jan 2023) is before the filing month (Mar 2024).',
        },
      ],
      reasons: ['before_filing'],
    });
  });

  it('accepts next month only where it has already begun somewhere on Earth', () => {
    const lastHours = new Date('2026-11-30T12:00:00Z');
    expect(latestReportableMonth(lastHours)).toBe(monthIndex(2026, 12));
    expect(latestReportableMonth(NOW)).toBe(monthIndex(2026, 11));
    const result = validateTimelineInput(
      { ...example, filed: '2026-12', milestones: [] },
      { now: lastHours },
    );
    expect(result.ok && result.value.lastConfirmedMonth).toBe(monthIndex(2026, 12));
  });

  it('round-trips through the input shape', () => {
    const first = validateTimelineInput(example, { now: NOW });
    if (!first.ok) throw new Error('example must be valid');
    expect(validateTimelineInput(fieldsToInput(first.value), { now: NOW })).toEqual(first);
  });

  it('takes an empty or blank string as "not given" for every optional field', () => {
    const result = validateTimelineInput(
      {
        ...example,
        service_center: '',
        office: '',
        later_office: ' ',
        subcategory: ' ',
        last_confirmed: '',
        premium: '',
        concurrent: '',
        note: '',
      },
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      office: null,
      laterOffice: null,
      subcategory: null,
      premium: false,
      concurrent: false,
      note: null,
      lastConfirmedMonth: monthIndex(2026, 11),
    });
  });

  it('names the reasons of a refusal for summaries', () => {
    const result = validateTimelineInput(
      {
        ...example,
        note: 'receipt IOE0912345678',
        milestones: [
          { key: 'approved', month: '2024-05' },
          { key: 'denied', month: '2024-05' },
        ],
      },
      { now: NOW },
    );
    expect(result.ok === false && result.reasons).toEqual(['identifier', 'two_decisions']);
  });
});
