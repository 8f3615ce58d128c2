// Moderator sessions kept server-side, so signing out ends them (issue 12 part 4,
// docs/decisions/069). Frozen in time: never import app code here.
// token_hash: keyed hash of the random cookie value; credential: keyed hash of the admin token the
// session was opened with, so rotating ADMIN_TOKEN ends every session. Both keys live outside the
// database (SERVER_SECRET), so a copy of this table opens nothing.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderator_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().check(sql`token_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('credential', 'text', (c) => c.notNull().check(sql`credential ~ '^[0-9a-f]{64}$'`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('moderator_sessions_expires_idx')
    .on('moderator_sessions')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('moderator_sessions').execute();
}
