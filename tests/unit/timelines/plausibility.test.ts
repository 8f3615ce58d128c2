import { describe, expect, it } from 'vitest';
import { timelineInputSchema, type TimelineInput } from '../../../src/server/timelines/input-schema.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { checkPlausibility } from '../../../src/server/timelines/plausibility.ts';

const LATEST = monthIndex(2026, 11);

function check(input: Partial<TimelineInput>) {
  return checkPlausibility(
    timelineInputSchema.parse({ category: 'i485', country: 'IN', filed: '2024-03', ...input }),
    LATEST,
  );
}
const ms = (...pairs: [string, string][]) =>
  pairs.map(([key, month]) => ({ key, month })) as TimelineInput['milestones'];

describe('plausibility', () => {
  it.each<[string, Partial<TimelineInput>]>([
    ['a bare filing', {}],
    [
      'a full I-485',
      {
        milestones: ms(
          ['receipt', '2024-03'],
          ['biometrics', '2024-04'],
          ['ead_ap_approved', '2024-08'],
          ['interview_waived', '2025-01'],
          ['approved', '2025-01'],
          ['card_produced', '2025-02'],
          ['card_delivered', '2025-02'],
        ),
      },
    ],
    ['milestones listed in any order', { milestones: ms(['approved', '2025-01'], ['receipt', '2024-04']) }],
    ['an RFE answered', { milestones: ms(['rfe_issued', '2024-06'], ['rfe_responded', '2024-08']) }],
    ['a denial', { milestones: ms(['biometrics', '2024-05'], ['denied', '2025-05']) }],
    ['the current month', { filed: '2026-11', milestones: ms(['receipt', '2026-11']) }],
    ['January 2000', { filed: '2000-01' }],
    [
      'an I-140 with flags and sub-category',
      {
        category: 'i140',
        subcategory: 'eb2-niw',
        premium: true,
        concurrent: true,
        milestones: ms(['premium_upgrade', '2024-04'], ['approved', '2024-05']),
      },
    ],
    [
      'a long but allowed I-130 wait',
      { category: 'i130', filed: '2004-01', milestones: ms(['approved', '2023-12']) },
    ],
    [
      'a last confirmation after the milestones',
      { milestones: ms(['biometrics', '2024-05']), last_confirmed: '2024-09' },
    ],
  ])('accepts %s', (_name, input) => {
    expect(check(input)).toEqual([]);
  });

  it.each<[string, Partial<TimelineInput>, string, string]>([
    [
      'a filing before 2000',
      { filed: '1999-12' },
      'filed',
      'The filing month cannot be before January 2000.',
    ],
    ['a future filing', { filed: '2026-12' }, 'filed', 'The filing month (Dec 2026) is in the future.'],
    [
      'a future milestone',
      { milestones: ms(['approved', '2027-01']) },
      'milestones.0.month',
      '“Approved” (Jan 2027) is in the future.',
    ],
    [
      'a milestone before filing',
      { milestones: ms(['receipt', '2024-02']) },
      'milestones.0.month',
      '“Receipt notice” (Feb 2024) is before the filing month (Mar 2024).',
    ],
    [
      'filed listed as a milestone',
      { milestones: ms(['filed', '2024-03']) },
      'milestones.0.key',
      'The filing month has its own field; do not list “Filed” as a milestone.',
    ],
    [
      'a milestone of another form',
      { category: 'n400', milestones: ms(['ead_ap_approved', '2024-05']) },
      'milestones.0.key',
      '“EAD/AP approved” is not a step of an N-400 case.',
    ],
    [
      'a duplicate',
      { milestones: ms(['biometrics', '2024-04'], ['biometrics', '2024-05']) },
      'milestones.1.key',
      '“Biometrics appointment” is listed more than once; keep one.',
    ],
    [
      'two decisions',
      { milestones: ms(['approved', '2024-09'], ['denied', '2024-09']) },
      'milestones.1.key',
      '“Approved” and “Denied” exclude each other: a case has only one decision.',
    ],
    [
      'withdrawn and approved',
      { category: 'i140', milestones: ms(['withdrawn', '2024-05'], ['approved', '2024-04']) },
      'milestones.1.key',
      '“Withdrawn” and “Approved” exclude each other: a case has only one decision.',
    ],
    [
      'interview and waiver',
      { milestones: ms(['interview', '2024-09'], ['interview_waived', '2024-09']) },
      'milestones.1.key',
      '“Interview” and “Interview waived” cannot both happen; keep the one that did.',
    ],
    [
      'an answer without an RFE',
      { milestones: ms(['rfe_responded', '2024-06']) },
      'milestones.0.key',
      '“RFE responded” needs “RFE issued” first; add that milestone too.',
    ],
    [
      'a card without approval',
      { milestones: ms(['card_produced', '2024-09']) },
      'milestones.0.key',
      '“Card produced” comes only after “Approved”; add the approval first.',
    ],
    [
      'a card after denial',
      { milestones: ms(['denied', '2024-09'], ['card_produced', '2024-10']) },
      'milestones.1.key',
      '“Card produced” cannot follow “Denied”: a denied case ends there.',
    ],
    [
      'an oath after withdrawal',
      { category: 'n400', milestones: ms(['withdrawn', '2024-09'], ['oath', '2024-10']) },
      'milestones.1.key',
      '“Oath ceremony” cannot follow “Withdrawn”: a withdrawn case ends there.',
    ],
    [
      'biometrics after approval',
      { milestones: ms(['approved', '2024-05'], ['biometrics', '2024-06']) },
      'milestones.0.month',
      '“Approved” (May 2024) is before “Biometrics appointment” (Jun 2024), which comes earlier in a case.',
    ],
    [
      'a receipt after biometrics',
      { milestones: ms(['biometrics', '2024-04'], ['receipt', '2024-05']) },
      'milestones.0.month',
      '“Biometrics appointment” (Apr 2024) is before “Receipt notice” (May 2024), which comes earlier in a case.',
    ],
    [
      'a gap too long',
      { category: 'i765', filed: '2020-01', milestones: ms(['approved', '2023-02']) },
      'milestones.0.month',
      '37 months between “Filed” and “Approved” is longer than the 36 months we accept for I-765; check the years.',
    ],
    [
      'a gap between milestones',
      {
        category: 'i765',
        filed: '2020-01',
        milestones: ms(['biometrics', '2020-02'], ['approved', '2023-03']),
      },
      'milestones.1.month',
      '37 months between “Biometrics appointment” and “Approved” is longer than the 36 months we accept for I-765; check the years.',
    ],
    [
      'a sub-category outside I-140',
      { subcategory: 'eb2' },
      'subcategory',
      'Only I-140 timelines have a sub-category; I-485 does not.',
    ],
    [
      'premium outside I-140',
      { premium: true },
      'premium',
      'Premium processing is recorded for I-140 timelines only, not I-485.',
    ],
    [
      'concurrent outside I-140',
      { category: 'n400', concurrent: true },
      'concurrent',
      'Concurrent filing is recorded for I-140 timelines only, not N-400.',
    ],
    [
      'a future confirmation',
      { last_confirmed: '2027-01' },
      'last_confirmed',
      'The last-confirmed month (Jan 2027) is in the future.',
    ],
    [
      'a confirmation before filing',
      { last_confirmed: '2024-01' },
      'last_confirmed',
      'The last-confirmed month (Jan 2024) is before the filing month (Mar 2024).',
    ],
    [
      'a confirmation before the latest milestone',
      { milestones: ms(['biometrics', '2024-05']), last_confirmed: '2024-04' },
      'last_confirmed',
      'The last-confirmed month (Apr 2024) is before the latest milestone, “Biometrics appointment” (May 2024).',
    ],
  ])('refuses %s', (_name, input, path, message) => {
    expect(check(input)).toEqual([{ path, message }]);
  });

  it('reports every problem of one timeline at once', () => {
    const issues = check({ filed: '2027-02', premium: true, milestones: ms(['card_produced', '2028-01']) });
    expect(issues.map((i) => i.path)).toEqual(['filed', 'premium', 'milestones.0.month', 'milestones.0.key']);
  });

  it('flags each milestone that comes too early, not just the first', () => {
    const issues = check({
      milestones: ms(['receipt', '2024-09'], ['biometrics', '2024-04'], ['interview', '2024-05']),
    });
    expect(issues.map((i) => i.path)).toEqual(['milestones.1.month', 'milestones.2.month']);
  });
});
