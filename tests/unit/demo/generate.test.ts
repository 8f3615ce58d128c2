import { describe, expect, it } from 'vitest';
import { CATEGORIES, DECISION_KEYS, stepIndex } from '../../../src/server/timelines/catalogue.ts';
import { isCountryCode } from '../../../src/server/timelines/countries.ts';
import { FIRST_FILING_MONTH, monthIndex } from '../../../src/server/timelines/months.ts';
import { fieldsToInput, validateTimelineInput } from '../../../src/server/timelines/validate.ts';
import { buildDemoTimelines } from '../../factories.ts';

const AS_OF = monthIndex(2026, 11);

describe('demo timeline generator', () => {
  const timelines = buildDemoTimelines(5000, 7, AS_OF);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(buildDemoTimelines(50, 7, AS_OF)).toEqual(timelines.slice(0, 50));
    expect(buildDemoTimelines(50, 8, AS_OF)).not.toEqual(timelines.slice(0, 50));
  });

  it('marks everything as demo data', () => {
    expect(timelines.every((t) => t.provenance === 'demo')).toBe(true);
  });

  it('follows each category’s catalogue: order, alternatives, requirements, no future months', () => {
    for (const t of timelines) {
      const catalogue = CATEGORIES[t.category];
      expect(t.filedMonth).toBeGreaterThanOrEqual(FIRST_FILING_MONTH);
      expect(t.lastConfirmedMonth).toBeLessThanOrEqual(AS_OF);
      expect(t.lastConfirmedMonth).toBeGreaterThanOrEqual(t.filedMonth);
      expect(isCountryCode(t.country)).toBe(true);
      expect(t.subcategory === null).toBe(t.category !== 'i140');
      const sorted = [...t.milestones].sort(
        (a, b) => stepIndex(t.category, a.key) - stepIndex(t.category, b.key),
      );
      let previous = t.filedMonth;
      const steps = new Set<number>();
      for (const m of sorted) {
        const index = stepIndex(t.category, m.key);
        expect(index, `${m.key} is not a ${t.category} milestone`).toBeGreaterThan(0);
        expect(steps.has(index), `two alternatives at one step in ${t.category}`).toBe(false);
        steps.add(index);
        expect(m.month).toBeGreaterThanOrEqual(previous);
        expect(m.month - previous).toBeLessThanOrEqual(catalogue.limits.flagMonths);
        expect(m.month).toBeLessThanOrEqual(t.lastConfirmedMonth);
        previous = m.month;
        const step = catalogue.steps[index]!;
        if (m.key === 'rfe_responded') expect(t.milestones.map((x) => x.key)).toContain('rfe_issued');
        if (step.afterApproval) expect(t.milestones.map((x) => x.key)).toContain('approved');
      }
      expect(
        t.milestones.filter((m) => (DECISION_KEYS as readonly string[]).includes(m.key)).length,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('passes the same validation as a web submission (schema, guard, plausibility)', () => {
    const now = new Date(Date.UTC(2026, 10, 15));
    const refused = timelines
      .map((t) => ({ t, result: validateTimelineInput(fieldsToInput(t), { now }) }))
      .filter(({ result }) => !result.ok);
    expect(refused.slice(0, 3).map(({ t, result }) => ({ t: fieldsToInput(t), result }))).toEqual([]);
  });

  it('has a realistic mix: pending, decided, denied, stale, every category', () => {
    const decided = timelines.filter((t) => t.milestones.some((m) => m.key === 'approved'));
    const closed = timelines.filter((t) =>
      t.milestones.some((m) => m.key === 'denied' || m.key === 'withdrawn'),
    );
    const pending = timelines.filter(
      (t) => !t.milestones.some((m) => (DECISION_KEYS as readonly string[]).includes(m.key)),
    );
    const stale = pending.filter((t) => t.lastConfirmedMonth < AS_OF - 3);
    expect(decided.length).toBeGreaterThan(timelines.length * 0.4);
    expect(pending.length).toBeGreaterThan(timelines.length * 0.1);
    expect(closed.length).toBeGreaterThan(0);
    expect(stale.length).toBeGreaterThan(0);
    expect(new Set(timelines.map((t) => t.category)).size).toBe(8);
  });

  it('makes waits depend on category and country', () => {
    const medianWait = (filter: (t: (typeof timelines)[number]) => boolean) => {
      const waits = timelines
        .filter(filter)
        .flatMap((t) => t.milestones.filter((m) => m.key === 'approved').map((m) => m.month - t.filedMonth))
        .sort((a, b) => a - b);
      return waits[Math.floor(waits.length / 2)]!;
    };
    expect(medianWait((t) => t.category === 'i765')).toBeLessThan(medianWait((t) => t.category === 'i751'));
    expect(medianWait((t) => t.category === 'i140' && t.premium)).toBeLessThan(
      medianWait((t) => t.category === 'i140' && !t.premium),
    );
  });
});
