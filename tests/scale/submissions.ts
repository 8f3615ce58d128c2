/** Valid, pairwise different submissions (the duplicate guard never sees two alike), and helpers to send them. */
import { currentMonth, formatMonth } from '../../src/server/timelines/months.ts';

const COUNTRIES = ['IN', 'CN', 'MX', 'PH', 'BR', 'NG', 'VN', 'KR', 'CA', 'GB', 'PK', 'DE', 'FR', 'CO', 'UA'];

/** The i-th of about 4,000 distinct submissions. */
export function submission(i: number): Record<string, unknown> {
  const now = currentMonth();
  const country = COUNTRIES[i % COUNTRIES.length]!;
  const rest = Math.floor(i / COUNTRIES.length);
  const filed = now - 3 - (rest % 120);
  const category = Math.floor(rest / 120) % 2 === 0 ? 'i485' : 'i765';
  return {
    category,
    subcategory: null,
    country,
    service_center: null,
    filed: formatMonth(filed),
    milestones: [
      { key: 'receipt', month: formatMonth(filed) },
      { key: 'biometrics', month: formatMonth(filed + 1) },
    ],
    premium: false,
    concurrent: false,
    note: null,
  };
}

export function postTimeline(baseUrl: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/timelines`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
