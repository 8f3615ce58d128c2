import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_KEYS,
  DECISION_KEYS,
  I140_SUBCATEGORIES,
  MILESTONE_KEYS,
  MILESTONE_LABELS,
  categoryLabel,
  closedBy,
  impliedBy,
  isEitherOrder,
  milestoneOrder,
  predecessorOf,
  stepIndex,
} from '../../../src/server/timelines/catalogue.ts';

describe('catalogue', () => {
  it('has the category keys the public API promises', () => {
    expect([...CATEGORY_KEYS].sort()).toEqual([
      'i129f',
      'i130',
      'i131',
      'i140',
      'i485',
      'i751',
      'i765',
      'n400',
    ]);
  });

  it('has the milestone keys other issues rely on', () => {
    for (const key of [
      'filed',
      'receipt',
      'biometrics',
      'rfe_issued',
      'rfe_responded',
      'interview_scheduled',
      'interview',
      'interview_waived',
      'approved',
      'denied',
      'withdrawn',
      'card_produced',
      'card_delivered',
      'oath',
      'nvc_received',
      'documentarily_qualified',
      'visa_issued',
    ]) {
      expect(MILESTONE_KEYS).toContain(key);
    }
    for (const key of MILESTONE_KEYS) expect(MILESTONE_LABELS[key]).toBeTruthy();
  });

  it('gives I-140 its sub-categories and flags, and no other category', () => {
    expect(CATEGORIES.i140.subcategories).toEqual(I140_SUBCATEGORIES);
    expect(I140_SUBCATEGORIES).toEqual(['eb1a', 'eb1b', 'eb1c', 'eb2', 'eb2-niw', 'eb3']);
    for (const key of CATEGORY_KEYS.filter((k) => k !== 'i140')) {
      expect(CATEGORIES[key].subcategories).toEqual([]);
      expect(CATEGORIES[key].hasFlags).toBe(false);
    }
  });

  describe.each(CATEGORY_KEYS)('%s', (key) => {
    const order = milestoneOrder(key);
    it('starts at filed and lists each milestone once', () => {
      expect(order[0]).toBe('filed');
      expect(new Set(order).size).toBe(order.length);
    });
    it('has one decision step with approved, denied and withdrawn as alternatives', () => {
      const decisionSteps = CATEGORIES[key].steps.filter((s) =>
        s.keys.some((k) => (DECISION_KEYS as readonly string[]).includes(k)),
      );
      expect(decisionSteps).toHaveLength(1);
      expect([...decisionSteps[0]!.keys].sort()).toEqual(['approved', 'denied', 'withdrawn']);
    });
    it('puts a predecessor before the milestone that needs it', () => {
      for (const k of order) {
        const before = predecessorOf(key, k);
        if (before) expect(stepIndex(key, before)).toBeLessThan(stepIndex(key, k));
      }
    });
    it('pairs either-order milestones of the category at different steps', () => {
      for (const [a, b] of CATEGORIES[key].eitherOrder) {
        expect(order).toContain(a);
        expect(order).toContain(b);
        expect(stepIndex(key, a)).not.toBe(stepIndex(key, b));
        expect(isEitherOrder(key, b, a)).toBe(true);
      }
    });
    it('never lets a milestone both imply and close a target', () => {
      for (const target of order) {
        const implied = impliedBy(key, target);
        for (const k of closedBy(key, target)) expect(implied).not.toContain(k);
      }
    });
    it('refuses only waits beyond the flag limit', () => {
      expect(CATEGORIES[key].limits.refuseMonths).toBeGreaterThan(CATEGORIES[key].limits.flagMonths);
    });
    it('marks only milestones after the decision as needing approval', () => {
      const decision = stepIndex(key, 'approved');
      CATEGORIES[key].steps.forEach((step, i) => expect(Boolean(step.afterApproval)).toBe(i > decision));
    });
  });

  it('labels categories for people', () => {
    expect(categoryLabel('i140', 'eb2-niw')).toBe('I-140 EB-2 NIW');
    expect(categoryLabel('i485')).toBe('I-485');
  });
});

describe('the rollup migration', () => {
  it('froze the same implied and closing milestones the catalogue derives', async () => {
    const { RELATIONS } =
      await import('../../../db/migrations/2026_12_01_1300_stats_missing_steps_either_order.ts');
    for (const category of CATEGORY_KEYS) {
      const derived = milestoneOrder(category)
        .filter((k) => k !== 'filed')
        .map((k) => `${k} | ${impliedBy(category, k).join(' ')} | ${closedBy(category, k).join(' ')}`);
      expect(RELATIONS[category]).toEqual(derived);
    }
  });
});
