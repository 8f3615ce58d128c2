import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../src/server/feed/atom.ts';
import { loadFeedPage } from '../../../src/server/feed/service.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const K = 3;

describe.each(DATABASE_KINDS)('Atom feed on %s', (kind) => {
  const open = useTestDatabase(kind, {
    seed: ({ db }) =>
      insertTimelines(db, [
        ...Array.from({ length: K }, () =>
          buildTimeline({ country: 'IN', note: '<img src=x onerror=alert(1)>\nsecond line & more' }),
        ),
        buildTimeline({ country: 'LI', serviceCenter: 'TSC', note: 'rare group' }),
      ]),
  });

  async function atom(query = {}) {
    const result = await loadFeedPage(open.db, query, { minGroupSize: K, includeDemo: false, pageSize: 50 });
    if (!result.ok) throw new Error(result.error);
    return renderAtom(result.page, {
      self: 'https://ct.example/feed.atom',
      html: 'https://ct.example/feed',
      site: 'https://ct.example',
      title: 'Feed',
      currentMonth: monthIndex(2026, 11),
    });
  }

  it('carries notes as escaped text and dates as months', async () => {
    const xml = await atom();
    expect(xml).not.toContain('<img');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;\nsecond line &amp; more');
    expect(xml.match(/<entry>/g)).toHaveLength((K + 1) * 2);
    const stamps = [...xml.matchAll(/<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
    expect(stamps.every((s) => /^\d{4}-\d{2}-01T00:00:00Z$/.test(s!))).toBe(true);
    expect(stamps[0]).toBe('2024-02-01T00:00:00Z');
  });

  it('never names a rare group’s country or service center', async () => {
    const xml = await atom();
    expect(xml).toContain('another country');
    expect(xml).not.toMatch(/Liechtenstein|TSC|\bLI\b/);
    expect(await atom({ country: 'LI' })).not.toContain('<entry>');
  });
});
