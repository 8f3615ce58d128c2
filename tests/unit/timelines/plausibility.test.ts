import { describe, expect, it } from 'vitest';
import { timelineInputSchema, type TimelineInput } from '../../../src/server/timelines/input-schema.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { assessPlausibility, checkPlausibility } from '../../../src/server/timelines/plausibility.ts';

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
      { category: 'i765', filed: '2010-01', milestones: ms(['approved', '2022-02']) },
      'milestones.0.month',
      '145 months between “Filed” and “Approved” is longer than the 144 months we accept for I-765; check the years.',
    ],
    [
      'a gap between milestones',
      {
        category: 'i140',
        filed: '2008-01',
        milestones: ms(['receipt', '2008-02'], ['approved', '2020-03']),
      },
      'milestones.1.month',
      '145 months between “Receipt notice” and “Approved” is longer than the 144 months we accept for I-140; check the years.',
    ],
    [
      'an approval before the EAD/AP approval',
      { milestones: ms(['ead_ap_approved', '2024-05'], ['biometrics', '2024-04'], ['approved', '2024-03']) },
      'milestones.2.month',
      '“Approved” (Mar 2024) is before “EAD/AP approved” (May 2024), which comes earlier in a case.',
    ],
    [
      'an RFE answer before its RFE',
      { milestones: ms(['rfe_issued', '2024-06'], ['rfe_responded', '2024-05']) },
      'milestones.1.month',
      '“RFE responded” (May 2024) is before “RFE issued” (Jun 2024), which comes earlier in a case.',
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
    expect(issues.map((i) => i.path)).toEqual(['filed', 'premium', 'milestones.0.month']);
  });

  it('flags each milestone that comes too early, not just the first', () => {
    const issues = check({
      milestones: ms(['receipt', '2024-09'], ['biometrics', '2024-04'], ['interview', '2024-05']),
    });
    expect(issues.map((i) => i.path)).toEqual(['milestones.1.month', 'milestones.2.month']);
  });

  describe('missing data and real orders are kept (docs/decisions/070, 071)', () => {
    const assess = (input: Partial<TimelineInput>) =>
      assessPlausibility(
        timelineInputSchema.parse({ category: 'i485', country: 'IN', filed: '2024-03', ...input }),
        LATEST,
      );

    it.each<[string, Partial<TimelineInput>, string[]]>([
      ['an answer without its RFE', { milestones: ms(['rfe_responded', '2024-06']) }, ['rfe_issued']],
      [
        'an interview without its scheduling',
        { milestones: ms(['interview', '2024-09']) },
        ['interview_scheduled'],
      ],
      [
        'a delivered card without production or approval',
        { milestones: ms(['card_delivered', '2024-09']) },
        ['card_produced', 'approved'],
      ],
      [
        'an oath without its scheduling',
        { category: 'n400', milestones: ms(['approved', '2024-08'], ['oath', '2024-09']) },
        ['oath_scheduled'],
      ],
    ])('accepts %s and suggests the missing step', (_name, input, missing) => {
      const { issues, notices } = assess(input);
      expect(issues).toEqual([]);
      expect(notices.map((n) => (n.kind === 'missing_step' ? n.missing : n.kind))).toEqual(missing);
    });

    it.each<[string, Partial<TimelineInput>]>([
      [
        'an I-485 RFE after the EAD/AP approval',
        {
          milestones: ms(
            ['ead_ap_approved', '2024-08'],
            ['rfe_issued', '2024-10'],
            ['rfe_responded', '2024-12'],
          ),
        },
      ],
      [
        'an I-485 RFE after the interview',
        { milestones: ms(['interview', '2025-01'], ['rfe_issued', '2025-02'], ['approved', '2025-05']) },
      ],
      [
        'an I-140 upgraded to premium after its RFE',
        {
          category: 'i140',
          subcategory: 'eb2',
          milestones: ms(
            ['rfe_issued', '2024-06'],
            ['rfe_responded', '2024-07'],
            ['premium_upgrade', '2024-08'],
          ),
        },
      ],
    ])('accepts %s', (_name, input) => {
      expect(assess(input).issues).toEqual([]);
    });

    it('keeps a long wait and flags it for moderators', () => {
      const { issues, notices } = assess({
        category: 'i140',
        subcategory: 'eb3',
        filed: '2006-02',
        milestones: ms(['receipt', '2006-03'], ['approved', '2013-01']),
      });
      expect(issues).toEqual([]);
      expect(notices).toEqual([
        {
          kind: 'long_wait',
          path: 'milestones.1.month',
          from: 'receipt',
          to: 'approved',
          months: 82,
          message:
            '82 months between “Receipt notice” and “Approved” is longer than most I-140 waits (60 months); it is kept, and a moderator may look at it.',
        },
      ]);
    });

    it('keeps a family-preference I-130 decided after 14 years', () => {
      const { issues, notices } = assess({
        category: 'i130',
        filed: '2004-05',
        milestones: ms(['receipt', '2004-06'], ['approved', '2018-09']),
      });
      expect(issues).toEqual([]);
      expect(notices).toEqual([]);
    });
  });
});
