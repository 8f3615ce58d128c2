/**
 * The identifier guard: finds case numbers, personal numbers, contact details and links in
 * free text so that it can be refused before anything is stored or logged. It errs towards
 * refusing (the writer can always rephrase), but never trips on how people describe their
 * cases: form names (I-485, N-400, EB-2), months and years, durations, fees.
 */

export type IdentifierKind =
  | 'receipt_number'
  | 'nvc_case_number'
  | 'a_number'
  | 'ssn'
  | 'passport_number'
  | 'email'
  | 'url'
  | 'phone'
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
  long_number: 'a long number (it could be a case, A- or Social Security number)',
};

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** Offset of the first character in the text (0-based, UTF-16 code units). */
  start: number;
  end: number;
}

/** Receipt-number prefixes of USCIS service centers, the lockbox and the online filing system. */
const RECEIPT_PREFIXES = new Set([
  'IOE',
  'EAC',
  'WAC',
  'LIN',
  'SRC',
  'NBC',
  'MSC',
  'YSC',
  'TSC',
  'NSC',
  'CSC',
  'VSC',
  'PSC',
]);

const SEP = String.raw`[\s.\-–—/]`;
/** 3 letters, then 10 digits with optional separators (receipt and NVC case numbers). */
const CASE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(\p{L}{3})[\s:#.\-–—]{0,3}(\d(?:${SEP}?\d){9})(?!\d)`,
  'giu',
);
/** A + 8 or 9 digits: A123456789, A# 12345678, A-123-456-789, A-number: 123456789. */
const A_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:a|alien(?:\s+registration)?|uscis(?:\s+online\s+account)?)[\s\-]?(?:#|no\.?|num(?:ber)?)?[\s:#.\-]{0,3}(?:is\s+|=\s*)?(\d(?:[\s\-]?\d){7,11})(?!\d)`,
  'giu',
);
const SSN_FORMATTED = /(?<!\d)\d{3}([- ])\d{2}\1\d{4}(?!\d)/g;
const SSN_LABELLED =
  /\b(?:ssn|itin|social\s+security(?:\s+(?:number|no\.?|#))?)[\s:#.-]{0,3}(\d(?:[\s-]?\d){8})(?!\d)/giu;
const PASSPORT_WORD = /pass\s?port|\bpp\s?(?:no|#|number)/giu;
const PASSPORT_TOKEN = /(?<![\p{L}\p{N}])\p{L}{0,3}\d{5,10}\p{L}?(?![\p{L}\p{N}])/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const EMAIL_OBFUSCATED =
  /[\p{L}\p{N}._%+-]+\s?[[({]at[\])}]\s?[\p{L}\p{N}-]+(?:\s?(?:\.|[[({]dot[\])}])\s?[\p{L}\p{N}-]+)+/giu;
const EMAIL_SPELLED =
  /\b[\p{L}\p{N}._%+-]+\s+at\s+[\p{L}\p{N}-]+\s+dot\s+(?:com|net|org|edu|gov|io|co|in|uk|de|ca|cn|me)\b/giu;
const URL_SCHEME = /\b(?:https?|ftp|hxxps?):\/\/\S+|\bwww\d?\.\S+/giu;
/** Generic top-level domains that do not read as English words after a missing space. */
const TLDS = 'com|net|org|gov|edu|mil|io|info|biz|app|dev|ai|xyz|ly|gl';
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}@.\-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:${TLDS}|(?:co|com|org|gov|ac|net)\.[a-z]{2})(?![\p{L}\p{N}])(?:[/:?#]\S*)?` +
    String.raw`|(?<![\p{L}\p{N}@.\-])[a-z0-9-]+\.[a-z]{2}\/\S*`,
  'giu',
);
/** Runs of digits joined by single separators: candidates for phone and other long numbers. */
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\(?\d+\)?(?:(?:[ .-]|\) ?)\(?\d+\)?)*(?![\p{L}\p{N}])/gu;

/** Groups that read as years (1900–2099) or small numbers (days, months): "2024 03", "2019 2020". */
function isDateLike(digits: string): boolean {
  const groups = digits.split(/\D+/).filter(Boolean);
  return groups.every((g) => (g.length === 4 && /^(19|20)\d\d$/.test(g)) || g.length <= 2);
}

const digitCount = (text: string) => text.replace(/\D/g, '').length;

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    yield m;
    if (m[0].length === 0) pattern.lastIndex++;
  }
}

function caseNumbers(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  for (const m of matches(CASE_NUMBER, text)) {
    const prefix = m[1]!.toUpperCase();
    const digits = m[2]!;
    const known = RECEIPT_PREFIXES.has(prefix);
    // Free-form words followed by dates ("and 2024 03 2024 04") are not case numbers.
    if (!known && /\D/.test(digits) && isDateLike(digits)) continue;
    found.push({
      kind: known ? 'receipt_number' : 'nvc_case_number',
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return found;
}

function aNumbers(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  for (const m of matches(A_NUMBER, text)) {
    const digits = m[1]!;
    const n = digitCount(digits);
    const labelled = !/^a[\s\-#:.]*(?:is\s+|=\s*)?$/i.test(m[0].slice(0, m[0].length - digits.length));
    if (!labelled && (n < 8 || n > 9)) continue;
    if (/\s/.test(digits) && isDateLike(digits)) continue;
    found.push({ kind: 'a_number', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

function ssns(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  for (const m of matches(SSN_FORMATTED, text))
    found.push({ kind: 'ssn', start: m.index, end: m.index + m[0].length });
  for (const m of matches(SSN_LABELLED, text))
    found.push({ kind: 'ssn', start: m.index, end: m.index + m[0].length });
  return found;
}

function passportNumbers(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  const words = [...matches(PASSPORT_WORD, text)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (words.length === 0) return found;
  for (const m of matches(PASSPORT_TOKEN, text)) {
    const start = m.index;
    const end = start + m[0].length;
    const near = words.some(
      (w) => (start >= w.end && start - w.end <= 40) || (w.start >= end && w.start - end <= 25),
    );
    if (near && !isDateLike(m[0])) found.push({ kind: 'passport_number', start, end });
  }
  return found;
}

function simple(pattern: RegExp, kind: IdentifierKind, text: string): IdentifierFinding[] {
  return [...matches(pattern, text)].map((m) => ({
    kind,
    start: m.index,
    end: m.index + m[0].trimEnd().length,
  }));
}

function emails(text: string): IdentifierFinding[] {
  return [
    ...simple(EMAIL, 'email', text),
    ...simple(EMAIL_OBFUSCATED, 'email', text),
    ...simple(EMAIL_SPELLED, 'email', text),
  ];
}

function urls(text: string): IdentifierFinding[] {
  return [...simple(URL_SCHEME, 'url', text), ...simple(BARE_DOMAIN, 'url', text)].map((f) => {
    // A sentence's closing punctuation is not part of the address.
    const trimmed = text.slice(f.start, f.end).replace(/[.,;:!?)\]'"”’]+$/, '');
    return { ...f, end: f.start + trimmed.length };
  });
}

function numbers(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = [];
  for (const m of matches(DIGIT_RUN, text)) {
    const raw = m[0];
    const n = digitCount(raw);
    const international = raw.startsWith('+') || /^\(?00[1-9]/.test(raw);
    if (international && n >= 7 && n <= 15) {
      found.push({ kind: 'phone', start: m.index, end: m.index + raw.length });
    } else if (n >= 9 && !isDateLike(raw)) {
      const phoneShaped = n >= 10 && n <= 15 && (n === 10 || n === 11 || /[ ().-]/.test(raw));
      found.push({ kind: phoneShaped ? 'phone' : 'long_number', start: m.index, end: m.index + raw.length });
    }
  }
  return found;
}

/** The more specific reading wins where two overlap (an A-number is also a long number). */
const PRIORITY: IdentifierKind[] = [
  'receipt_number',
  'nvc_case_number',
  'a_number',
  'ssn',
  'passport_number',
  'email',
  'url',
  'phone',
  'long_number',
];

/** Every identifier in the text, in reading order, without overlaps. */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const all = [
    ...caseNumbers(text),
    ...aNumbers(text),
    ...ssns(text),
    ...passportNumbers(text),
    ...emails(text),
    ...urls(text),
    ...numbers(text),
  ];
  all.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || a.start - b.start);
  const kept: IdentifierFinding[] = [];
  for (const f of all) {
    if (f.end > f.start && !kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
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
