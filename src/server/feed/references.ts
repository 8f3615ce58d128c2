/**
 * Opaque public handles. A timeline is referred to by one AES block of its UUID (deterministic,
 * reversible only with the server secret), so the feed never publishes timeline ids that other
 * endpoints accept. Both are keyed by SERVER_SECRET (secrets/server-secret.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { serverKey } from '../secrets/server-secret.ts';

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

export function referenceCodec(): ReferenceCodec {
  const key = serverKey('feed-references');
  return {
    toRef: (timelineId) => block(key, uuidToBytes(timelineId), true).toString('base64url'),
    fromRef: (ref) =>
      REF_PATTERN.test(ref) ? bytesToUuid(block(key, Buffer.from(ref, 'base64url'), false)) : undefined,
  };
}

/** Where a page of the feed ends: the keyset of its last event. */
export interface FeedPosition {
  month: number;
  /** The month the milestone was written (nothing finer is stored). */
  writtenMonth: number;
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
/** Milestone keys are at most 40 ASCII characters (the milestones check constraint). */
const KEY_BYTES = 40;
const PLAIN_BYTES = 4 + 4 + 16 + KEY_BYTES;
/** Every cursor has this many characters, whatever position it holds. */
export const CURSOR_LENGTH = Math.ceil(((IV_BYTES + TAG_BYTES + PLAIN_BYTES) * 4) / 3);
const CURSOR_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${CURSOR_LENGTH}}$`);

/** A fixed-size record: month, written month, timeline id, milestone key padded with zeros. */
function encodePosition(p: FeedPosition): Buffer {
  const out = Buffer.alloc(PLAIN_BYTES);
  out.writeUInt32BE(p.month, 0);
  out.writeUInt32BE(p.writtenMonth, 4);
  uuidToBytes(p.timelineId).copy(out, 8);
  const key = Buffer.from(p.key, 'ascii');
  if (key.length > KEY_BYTES) throw new Error('milestone key too long for a cursor');
  key.copy(out, 24);
  return out;
}

function decodePosition(b: Buffer): FeedPosition {
  const key = b.subarray(24).toString('ascii').replace(/\0+$/, '');
  return {
    month: b.readUInt32BE(0),
    writtenMonth: b.readUInt32BE(4),
    timelineId: bytesToUuid(b.subarray(8, 24)),
    key,
  };
}

/**
 * Cursors are sealed with AES-GCM: they cannot be forged or read, and all have one length, so
 * neither their content nor their size tells anything about the position (docs/decisions/066).
 */
export function cursorCodec(): CursorCodec {
  const key = serverKey('feed-cursors');
  return {
    seal(position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(encodePosition(position)), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(cursor) {
      if (!CURSOR_PATTERN.test(cursor)) return undefined;
      const raw = Buffer.from(cursor, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        return plain.length === PLAIN_BYTES ? decodePosition(plain) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
