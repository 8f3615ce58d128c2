/**
 * Someone holding a copy of the database (a backup, an operator, an injection) and a list of
 * the addresses that submitted that day must not be able to say which address wrote which
 * timeline, or when exactly (issue 12 part 2, docs/decisions/065–066). The test writes a day
 * of timelines, edits and reports through the API from known addresses, then reads every
 * table and column and runs the link attacks that worked before.
 */
import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../../src/env.ts';
import { submissionFingerprint } from '../../../src/server/abuse/duplicate-guard.ts';
import type { Database } from '../../../src/server/db/client.ts';
import { referenceCodec } from '../../../src/server/feed/references.ts';
import { submitReportFrom } from '../../../src/server/moderation/reports.ts';
import { clientKey } from '../../../src/server/privacy/client-key.ts';
import { networkOf } from '../../../src/server/privacy/address.ts';
import { type KeyPurpose, serverKey } from '../../../src/server/secrets/server-secret.ts';
import {
  type ApiContext,
  createTimelineResponse,
  patchTimelineResponse,
  readTimelineResponse,
} from '../../../src/server/timelines/api.ts';
import { parseMonth } from '../../../src/server/timelines/months.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const DAY = '2026-11-23';
/** Eight submitters, IPv4 and IPv6, one timeline each at a known time of the day. */
const SUBMITTERS = [
  '203.0.113.7',
  '198.51.100.23',
  '192.0.2.44',
  '203.0.113.200',
  '2001:db8:5:6::17',
  '2001:db8:aa:1::2',
  '::ffff:198.51.100.99',
  '2001:db8:77:8:9:a:b:c',
];
const COUNTRIES = ['IN', 'CN', 'MX', 'PH', 'IR', 'BD', 'NG', 'BR'];

function timelineBody(i: number) {
  return {
    category: 'i485',
    subcategory: null,
    country: COUNTRIES[i]!,
    service_center: 'NBC',
    filed: `2024-0${(i % 9) + 1}`,
    milestones: [{ key: 'biometrics', month: `2024-${String((i % 9) + 2).padStart(2, '0')}` }],
    premium: false,
    concurrent: false,
    note: null,
  };
}

const PURPOSES: KeyPurpose[] = [
  'client-key',
  'duplicate-guard',
  'report-dedupe',
  'feed-references',
  'feed-cursors',
  'moderator-sessions',
];

interface Copy {
  /** table → column → data type */
  columns: Map<string, Map<string, string>>;
  rows: Map<string, Record<string, unknown>[]>;
}

/** Everything a copy of the database holds, table by table (the migrator's own tables aside). */
async function takeCopy(db: Database): Promise<Copy> {
  const { rows: cols } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  const columns = new Map<string, Map<string, string>>();
  for (const c of cols) {
    if (!columns.has(c.table_name)) columns.set(c.table_name, new Map());
    columns.get(c.table_name)!.set(c.column_name, c.data_type);
  }
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const table of columns.keys()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    rows.set(table, result.rows);
  }
  return { columns, rows };
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

/** Every non-empty value in the copy, as text. */
function allValues(copy: Copy): Set<string> {
  const values = new Set<string>();
  for (const rows of copy.rows.values())
    for (const row of rows)
      for (const v of Object.values(row)) if (v !== null && v !== '') values.add(text(v));
  return values;
}

/** Timestamps allowed finer than a day: moderators' and operators' own actions, not submitters'. */
const OPERATOR_TIMES = new Set([
  'moderation_audit_log.at',
  'reports.resolved_at',
  'import_files.imported_at',
]);
/** Tables whose rows belong to a timeline. */
const TIMELINE_TABLES = ['timelines', 'milestones', 'reports', 'share_links'];

describe.each(DATABASE_KINDS)('a copy of the database on %s', (kind) => {
  const t = useTestDatabase(kind);
  let copy: Copy;
  let values: Set<string>;
  const written: { id: string; address: string; at: Date; body: ReturnType<typeof timelineBody> }[] = [];

  beforeAll(async () => {
    const context = (address: string, at: Date): ApiContext => ({
      database: async () => t.db,
      clientAddress: address,
      rateLimitPerHour: 10,
      now: at,
    });
    for (const [i, address] of SUBMITTERS.entries()) {
      const at = new Date(`${DAY}T${String(2 + i * 2).padStart(2, '0')}:17:${10 + i}.${123 + i}Z`);
      const body = timelineBody(i);
      const created = await createTimelineResponse(
        new Request('http://localhost/api/v1/timelines', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        context(address, at),
      );
      expect(created.status).toBe(201);
      const { id, edit_url } = (await created.json()) as { id: string; edit_url: string };
      written.push({ id, address, at, body });
      const token = /^\/t\/([^/]+)\/edit$/.exec(edit_url)![1]!;
      // Half of them edit their timeline a few minutes later.
      if (i % 2 === 0) {
        const later = new Date(at.getTime() + 7 * 60_000 + 333);
        const patched = await patchTimelineResponse(
          new Request(`http://localhost/api/v1/timelines/${id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', authorization: `EditToken ${token}` },
            body: JSON.stringify({ note: 'still waiting for the interview' }),
          }),
          id,
          context(address, later),
        );
        expect(patched.status).toBe(200);
        // The owner's answer says when it changed only to the month.
        const read = await readTimelineResponse(
          new Request(`http://localhost/api/v1/timelines/${id}`, {
            headers: { authorization: `EditToken ${token}` },
          }),
          id,
          context(address, later),
        );
        expect(((await read.json()) as { updated_at: string }).updated_at).toMatch(/^\d{4}-\d{2}$/);
      }
    }
    // Each submitter reports the next one's timeline.
    const refs = referenceCodec();
    for (const [i, address] of SUBMITTERS.entries()) {
      const target = written[(i + 1) % written.length]!;
      const outcome = await submitReportFrom(t.db, { item: refs.toRef(target.id), reason: 'spam' }, address, {
        limitPerHour: 10,
        includeDemo: false,
      });
      expect(outcome).toEqual({ status: 'received' });
    }
    copy = await takeCopy(t.db);
    values = allValues(copy);
  });

  it('holds no secret: no secrets table, neither SERVER_SECRET nor any key derived from it', () => {
    expect([...copy.columns.keys()].filter((name) => /secret/i.test(name))).toEqual([]);
    const secret = env().SERVER_SECRET!;
    const forms = [
      secret,
      ...PURPOSES.flatMap((p) =>
        ['hex', 'base64', 'base64url'].map((f) => serverKey(p).toString(f as BufferEncoding)),
      ),
    ];
    for (const v of values) for (const f of forms) expect(v).not.toContain(f);
  });

  it('holds no address, in any form', () => {
    for (const address of SUBMITTERS) {
      const network = networkOf(address);
      const forms = [address, network, network.slice(3), address.replace(/^::ffff:/, '')];
      for (const v of values) for (const f of forms) expect(v.toLowerCase()).not.toContain(f.toLowerCase());
    }
  });

  it('has no exact write time: timelines and milestones keep months, everything else a day at most', () => {
    for (const table of ['timelines', 'milestones']) {
      const types = [...copy.columns.get(table)!.values()];
      expect(types.filter((type) => /time|date|interval/.test(type))).toEqual([]);
    }
    for (const [table, cols] of copy.columns) {
      for (const [column, type] of cols) {
        if (!/timestamp|date/.test(type) || OPERATOR_TIMES.has(`${table}.${column}`)) continue;
        for (const row of copy.rows.get(table)!) {
          const value = row[column];
          if (value === null) continue;
          const at = new Date(value as string | Date);
          expect(at.toISOString(), `${table}.${column}`).toMatch(/T00:00:00\.000Z$/);
        }
      }
    }
    // Hour counters exist only where nothing refers to a timeline.
    for (const table of TIMELINE_TABLES) {
      expect(
        [...copy.columns.get(table)!.keys()].filter(
          (c) => /hour|_at$|minute|second/.test(c) && !/created_at|resolved_at/.test(c),
        ),
      ).toEqual([]);
    }
    // What the timeline tables say about when they were written is the month, for all eight alike.
    const months = new Set(copy.rows.get('timelines')!.map((r) => r['created_month']));
    expect(months.size).toBe(1);
  });

  it('shares no value between what refers to a timeline and what refers to a client', () => {
    const timelineSide = new Set<string>();
    for (const table of TIMELINE_TABLES)
      for (const row of copy.rows.get(table)!)
        for (const v of Object.values(row)) if (v !== null) timelineSide.add(text(v));
    const clientSide = [
      ...copy.rows.get('rate_limit_counters')!.map((r) => text(r['client_key'])),
      ...copy.rows.get('submission_fingerprints')!.map((r) => text(r['fingerprint'])),
    ];
    expect(clientSide.length).toBeGreaterThan(0);
    for (const v of clientSide) expect(timelineSide.has(v)).toBe(false);
  });

  it('defeats the link attacks: hashing addresses under anything the copy holds, and recomputing fingerprints', () => {
    const clientKeys = new Set(copy.rows.get('rate_limit_counters')!.map((r) => text(r['client_key'])));
    const fingerprints = new Set(
      copy.rows.get('submission_fingerprints')!.map((r) => text(r['fingerprint'])),
    );
    const dedupeKeys = new Set(copy.rows.get('reports')!.map((r) => text(r['dedupe_key'])));
    const targets = new Set([...clientKeys, ...fingerprints, ...dedupeKeys]);

    // 1. Any stored value as a key (yesterday's daily secret sat in the database), or none at all.
    const candidateKeys = [...values].filter((v) => v.length >= 16);
    const hits: string[] = [];
    for (const address of SUBMITTERS) {
      const inputs = [address, networkOf(address), `${DAY}\n${address}`, `${DAY}\n${networkOf(address)}`];
      for (const input of inputs) {
        for (const digest of [createHash('sha256').update(input).digest('base64url')])
          if ([...targets].some((x) => x.startsWith(digest.slice(0, 32)))) hits.push(`sha256(${input})`);
        for (const key of candidateKeys) {
          for (const k of [key, Buffer.from(key, 'base64url')]) {
            const mac = createHmac('sha256', k).update(input).digest('base64url');
            if (targets.has(mac) || targets.has(mac.slice(0, 32))) hits.push(`hmac(${key}, ${input})`);
          }
        }
      }
    }
    expect(hits).toEqual([]);

    // 2. Fingerprints from each timeline's own fields and each client key the copy holds.
    const canonical = (w: (typeof written)[number]) => ({
      category: w.body.category,
      country: w.body.country,
      filedMonth: parseMonth(w.body.filed)!,
      milestones: w.body.milestones.map((m) => ({ key: m.key as 'biometrics', month: parseMonth(m.month)! })),
    });
    for (const w of written) {
      const content = canonical(w);
      const milestones = content.milestones.map((m) => `${m.key}=${m.month}`).sort();
      const text = JSON.stringify([content.category, content.country, content.filedMonth, milestones]);
      for (const key of clientKeys) {
        const plain = createHash('sha256').update(key).update('\u0000').update(text).digest('base64url');
        expect(fingerprints.has(plain)).toBe(false);
      }
      // Only with SERVER_SECRET, which the copy does not hold, does the fingerprint come back:
      // proof that the attack above looked in the right place.
      expect(fingerprints.has(submissionFingerprint(clientKey(w.address, w.at), content))).toBe(true);
    }
  });
});
