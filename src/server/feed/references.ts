/**
 * Opaque public handles. A timeline is referred to by one AES block of its UUID (deterministic,
 * reversible only with the server secret), so the feed never publishes timeline ids that other
 * endpoints accept. Cursors are sealed with AES-GCM: they carry the exact write time of a
 * milestone, which must never leave the server readable, and cannot be forged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { serverSecret } from '../secrets/server-secret.ts';

const UUID_HEX = /^[0-9a-f]{32}$/;
const REF_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function uuidToBytes(id: string): Buffer {
  const hex = id.replaceAll('-', '').toLowerCase();
  if (!UUID_HEX.test(hex)) throw new Error('not a uuid');
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function block(key: Buffer, input: Buffer, encrypt: boolean): Buffer {
  const cipher = encrypt
    ? createCipheriv('aes-256-ecb', key, null)
    : createDecipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(input), cipher.final()]);
}

export interface ReferenceCodec {
  toRef(timelineId: string): string;
  /** The timeline id behind a reference, or undefined when it is not one. */
  fromRef(ref: string): string | undefined;
}

export async function referenceCodec(db: Database): Promise<ReferenceCodec> {
  const key = await serverSecret(db, 'feed-references');
  return {
    toRef: (timelineId) => block(key, uuidToBytes(timelineId), true).toString('base64url'),
    fromRef: (ref) =>
      REF_PATTERN.test(ref) ? bytesToUuid(block(key, Buffer.from(ref, 'base64url'), false)) : undefined,
  };
}

/** Where a page of the feed ends: the keyset of its last event. */
export interface FeedPosition {
  month: number;
  /** The milestone's exact write time as PostgreSQL text (microseconds kept). */
  writtenAt: string;
  timelineId: string;
  key: string;
}

export interface CursorCodec {
  seal(position: FeedPosition): string;
  /** The position inside a cursor, or undefined when it was not made here or was altered. */
  open(cursor: string): FeedPosition | undefined;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export async function cursorCodec(db: Database): Promise<CursorCodec> {
  const key = await serverSecret(db, 'feed-cursors');
  return {
    seal(position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([
        cipher.update(
          JSON.stringify([position.month, position.writtenAt, position.timelineId, position.key]),
        ),
        cipher.final(),
      ]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(cursor) {
      if (!/^[A-Za-z0-9_-]{40,400}$/.test(cursor)) return undefined;
      const raw = Buffer.from(cursor, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
        const [month, writtenAt, timelineId, milestone] = JSON.parse(text) as [
          number,
          string,
          string,
          string,
        ];
        return { month, writtenAt, timelineId, key: milestone };
      } catch {
        return undefined;
      }
    },
  };
}
