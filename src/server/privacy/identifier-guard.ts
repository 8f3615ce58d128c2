/**
 * The identifier guard: finds case numbers, personal numbers, contact details and links in
 * free text so that it can be refused before anything is stored or logged. It errs towards
 * refusing (the writer can always rephrase), but never trips on how people describe their
 * cases: form names (I-485, N-400, EB-2), months and years, durations, fees.
 *
 * The note is first reduced to a skeleton (identifier-skeleton.ts) in which disguises look
 * like the plain form; the matchers (identifier-digits.ts, identifier-contacts.ts,
 * identifier-personal.ts) read the skeleton, and findings point back at the note as written.
 */
import { findContacts } from './identifier-contacts.ts';
import { findDigitIdentifiers, type SkeletonFinding } from './identifier-digits.ts';
import { findPersonalDetails } from './identifier-personal.ts';
import { originalSpan, skeletonOf } from './identifier-skeleton.ts';

export type IdentifierKind =
  | 'receipt_number'
  | 'nvc_case_number'
  | 'a_number'
  | 'ssn'
  | 'passport_number'
  | 'email'
  | 'url'
  | 'phone'
  | 'i94_number'
  | 'ds160_number'
  | 'social_handle'
  | 'personal_details'
  | 'long_number';

export const IDENTIFIER_LABELS: Record<IdentifierKind, string> = {
  receipt_number: 'a USCIS receipt number',
  nvc_case_number: 'an NVC case number',
  a_number: 'an A-number',
  ssn: 'a Social Security number',
  passport_number: 'a passport number',
  email: 'an email address',
  url: 'a web address',
  phone: 'a phone number',
  i94_number: 'an I-94 admission number',
  ds160_number: 'a DS-160 confirmation number',
  social_handle: 'a social media handle',
  personal_details: 'a name with a street address or a date of birth',
  long_number: 'a long number (it could be a case, A- or Social Security number)',
};

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** Offset of the first character in the text (0-based, UTF-16 code units). */
  start: number;
  end: number;
}

/** The more specific reading wins where two overlap (an A-number is also a long number). */
const PRIORITY: IdentifierKind[] = [
  'receipt_number',
  'nvc_case_number',
  'a_number',
  'ssn',
  'i94_number',
  'ds160_number',
  'passport_number',
  'email',
  'url',
  'social_handle',
  'phone',
  'personal_details',
  'long_number',
];

/** Every identifier in the text, in reading order, without overlaps. */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const skeleton = skeletonOf(text);
  const all: SkeletonFinding[] = [
    ...findDigitIdentifiers(skeleton.text),
    ...findContacts(skeleton.text),
    ...findPersonalDetails(skeleton.text),
  ];
  all.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || a.from - b.from);
  const kept: SkeletonFinding[] = [];
  for (const f of all) {
    if (f.to > f.from && !kept.some((k) => f.from < k.to && k.from < f.to)) kept.push(f);
  }
  return kept
    .map((f) => ({ kind: f.kind, ...originalSpan(skeleton, f.from, f.to) }))
    .sort((a, b) => a.start - b.start);
}

/** The found text with all but its first few characters masked, so a message never repeats it. */
export function maskFragment(fragment: string): string {
  const shown = Math.min(3, Math.floor(fragment.length / 4));
  return fragment.slice(0, shown) + '•'.repeat(Math.min(12, fragment.length - shown));
}

/** "The note contains what looks like an email address at character 12 (“joh•••••••”)…" */
export function describeFinding(text: string, finding: IdentifierFinding, field = 'The note'): string {
  const fragment = maskFragment(text.slice(finding.start, finding.end));
  return (
    `${field} contains what looks like ${IDENTIFIER_LABELS[finding.kind]} at character ${finding.start + 1} (“${fragment}”). ` +
    'Remove it and submit again: CaseTrack never stores identifiers.'
  );
}
