/**
 * Who may moderate. Today: whoever presents ADMIN_TOKEN (as a bearer token or a session made
 * from it). With accounts: a verified user whose public metadata says role "moderator" or whose
 * id is in MODERATOR_USER_IDS. The accounts layer passes the verified user in; nothing else changes.
 */
import { safeEqual } from './session.ts';

export interface ModerationConfig {
  adminToken?: string | undefined;
  moderatorUserIds: readonly string[];
}

export interface ModeratorCredentials {
  /** From `Authorization: Bearer …`. */
  bearerToken?: string | undefined;
  /** The moderator session cookie names an open session made with the current admin token. */
  openSession?: boolean | undefined;
  /** A user the accounts layer has already verified. */
  user?: { id: string; publicMetadata?: Record<string, unknown> | undefined } | undefined;
}

/** The identity written to the audit log: "admin-token" or "user:<id>". */
export interface Moderator {
  label: string;
}

/** Whether this instance has any way to sign moderators in at all. */
export function moderationEnabled(config: ModerationConfig): boolean {
  return Boolean(config.adminToken) || config.moderatorUserIds.length > 0;
}

function hasModeratorRole(metadata: Record<string, unknown> | undefined): boolean {
  const role = metadata?.['role'];
  const roles = metadata?.['roles'];
  return role === 'moderator' || (Array.isArray(roles) && roles.includes('moderator'));
}

/** The moderator these credentials prove, or null. */
export function authoriseModerator(
  credentials: ModeratorCredentials,
  config: ModerationConfig,
): Moderator | null {
  const { user, bearerToken, openSession } = credentials;
  if (user && (config.moderatorUserIds.includes(user.id) || hasModeratorRole(user.publicMetadata))) {
    return { label: `user:${user.id}` };
  }
  if (config.adminToken) {
    if (bearerToken && safeEqual(bearerToken, config.adminToken)) return { label: 'admin-token' };
    if (openSession) return { label: 'admin-token' };
  }
  return null;
}

/** The token in an `Authorization: Bearer <token>` header, if any. */
export function bearerFrom(header: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
