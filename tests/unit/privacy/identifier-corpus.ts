/** The identifier guard's corpus (identifier-corpus.json): its shape, and a loader for tests and the report. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IdentifierKind } from '../../../src/server/privacy/identifier-guard.ts';

export interface CorpusNote {
  text: string;
  /** identifier: the guard must refuse it; ordinary: it must pass. */
  label: 'identifier' | 'ordinary';
  /** What the note tests: one of the disguises in issue 12, or a kind of ordinary note. */
  class: string;
  source: 'legacy' | 'hand' | 'generated' | 'blind';
  /** Where given, the kind the guard must report and the exact text it must point at. */
  kind?: IdentifierKind;
  fragment?: string;
}

export interface CorpusFile {
  about: string;
  notes: CorpusNote[];
}

export const CORPUS_FILE = fileURLToPath(new URL('./identifier-corpus.json', import.meta.url));

export function loadCorpus(): CorpusNote[] {
  return (JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as CorpusFile).notes;
}
