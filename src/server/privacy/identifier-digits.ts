/**
 * Identifiers made of digits, found in a note's skeleton (identifier-skeleton.ts): receipt and
 * NVC case numbers, A-numbers, Social Security numbers, phone numbers, I-94 and DS-160 numbers,
 * passport numbers near the word in several languages, numbers split in halves, and any other
 * long run of digits. Ordinary numbers pass: form names, dates, lists of day counts, fees and
 * USCIS's own public telephone numbers.
 */
import type { IdentifierKind } from './identifier-guard.ts';
import { matches, SEP, skeletonOf } from './identifier-skeleton.ts';

/** A finding in skeleton coordinates. */
export interface SkeletonFinding {
  kind: IdentifierKind;
  from: number;
  to: number;
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

/** Public numbers of USCIS and the State Department that people cite: not anyone's identifier. */
const OFFICIAL_NUMBERS = new Set(['8003755283', '8007671833', '6033340700', '8006556070']);

/** Digits joined by at most three separator characters: "12 34 56", "123 / 45 · 6789". */
const JOINED = (min: number, max: number) => String.raw`\d(?:${SEP}{0,3}\d){${min - 1},${max - 1}}`;

const digitsOf = (s: string) => s.replace(/\D/g, '');
const groupsOf = (s: string) => s.split(/\D+/).filter(Boolean);
/** Gregorian years, and the Solar Hijri (13xx–14xx) and Thai (25xx) years of notes from Iran and Thailand. */
const isYear = (g: string) => /^(?:19|20|13|14|25)\d\d$/.test(g);
const isGregorianYear = (g: string) => /^(?:19|20)\d\d$/.test(g);

/**
 * Groups that read as dates: years, and day or month numbers that each belong with a year
 * ("03 2024", "12.03.2024", "2024 03 2024 04", "2019 2020 2021"). Five pairs with no year are a
 * phone number, not a date.
 */
export function isDateLike(s: string): boolean {
  const groups = groupsOf(s);
  const years = groups.filter(isYear).length;
  const small = groups.filter((g) => g.length <= 2 && Number(g) <= 31).length;
  return years + small === groups.length && years > 0 && small <= 2 * years;
}

/** "20240315", "15032024", "03152024": a date written without separators. */
function isCompactDate(d: string): boolean {
  const ok = (y: string, m: string, day: string) =>
    isYear(y) && Number(m) >= 1 && Number(m) <= 12 && Number(day) >= 1 && Number(day) <= 31;
  return (
    ok(d.slice(0, 4), d.slice(4, 6), d.slice(6)) ||
    ok(d.slice(4), d.slice(2, 4), d.slice(0, 2)) ||
    ok(d.slice(4), d.slice(0, 2), d.slice(2, 4))
  );
}

/**
 * "21 35 60 90 120", "10, 20, 30, 45 days": counts in ascending order, not a number. After a
 * bare "A" the list needs a comma or a unit ("a 20 30 60 90 day wait"): "A 12 34 56 789" is not one.
 */
function isCountList(run: string, after: string, needsUnit = false, before = ''): boolean {
  const groups = groupsOf(run);
  if (groups.length < 4) return false;
  if (groups.some((g) => g.length > 3 || (g.length > 1 && g.startsWith('0')))) return false;
  const values = groups.map(Number);
  if (values.some((v, k) => k > 0 && v < values[k - 1]!)) return false;
  const mixed = new Set(groups.map((g) => g.length)).size > 1;
  const listed = /,/.test(run);
  const unit = /^\W{0,3}(?:days?|d\b|weeks?|wks?|months?|mos?\b|hours?|hrs?|minutes?|mins?|%)/i.test(after);
  const named = /(?:days?|counts?|weeks?|months?)\W{0,3}$/i.test(before);
  return needsUnit ? listed || unit || named : mixed || listed || unit || named;
}

/** Month names in the languages of the notes, for dates written with words. */
export const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)`;
const YEAR = String.raw`(?:19|20|13|14|25)\d\d`;
const MM = String.raw`(?:0?[1-9]|1[0-2])`;
const DD = String.raw`(?:0?[1-9]|[12]\d|3[01])`;
/**
 * Dates and times written in one piece ("2023-01-15", "15/01/2023", "01.2024", "Nov 28 2023",
 * "01JAN2020", "10:00") are blanked before numbers are read, so a date followed by a count
 * ("2025-03-15 - 165 days", "2023-11-01 (325 + 120)") is not read as one long number.
 */
const DATE = new RegExp(
  String.raw`(?<![\d\-/.:])(?:` +
    [
      String.raw`${YEAR}(?<s1>[\-/.])${MM}\k<s1>${DD}`,
      String.raw`${DD}(?<s2>[\-/.])${MM}\k<s2>(?:${YEAR}|\d\d)`,
      String.raw`${MM}(?<s3>[\-/.])${DD}\k<s3>(?:${YEAR}|\d\d)`,
      String.raw`${YEAR}[\-/.]${MM}`,
      String.raw`${MM}[\-/.]${YEAR}`,
      String.raw`\d{1,2}:\d\d(?::\d\d)?`,
    ].join('|') +
    String.raw`)(?!\d|[\-/.:]\d)` +
    String.raw`|(?<![\p{L}\p{N}])(?:${DD}(?:st|nd|rd|th)?[ \-]?${MONTH}\.?,?[ \-]?${YEAR}|${MONTH}\.?[ \-]?${DD}(?:st|nd|rd|th)?,?[ \-]?${YEAR}|${MONTH}\.?,? ${YEAR})(?![\p{L}\p{N}])`,
  'giu',
);
function blankDates(text: string): string {
  return text.replace(DATE, (date) => 'D'.repeat(date.length));
}

/** Form names ("I-485", "N-400", "DS-160", "AR-11") are blanked before numbers are read. */
const FORM_NAME = /(?<![\p{L}\p{N}])(?:I|N|G|AR|DS|ETA|EOIR|SS|CBP)[ -]?\d{2,4}[A-Z]?(?![\p{L}\p{N}])/giu;
function blankFormNames(text: string): string {
  return text.replace(FORM_NAME, (name) => {
    // "I 2024" is a pronoun and a year, not a form.
    if (/^[IN][ -]?(19|20)\d\d$/i.test(name)) return name;
    return 'F'.repeat(name.length);
  });
}

const CASE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(\p{L}{3})${SEP}{0,3}(${JOINED(10, 10)})(?!\d)`,
  'giu',
);

function caseNumbers(text: string, noDates: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(CASE_NUMBER, text)) {
    const prefix = m[1]!.toUpperCase();
    const digits = m[2]!;
    const known = RECEIPT_PREFIXES.has(prefix);
    // Free-form words followed by dates or a phone number ("and 2024 03 2024 04", "the 555 123
    // 4567", "NVC 03.10.2023 (21 days)") are not case numbers; posts write their codes in capitals.
    const end = m.index + m[0].length;
    const dated = noDates.slice(end - digits.length, end).includes('D');
    if (!known && /\D/.test(digits) && (isDateLike(digits) || m[1] !== prefix || dated)) continue;
    if (OFFICIAL_NUMBERS.has(digitsOf(digits))) continue;
    found.push({
      kind: known ? 'receipt_number' : 'nvc_case_number',
      from: m.index,
      to: m.index + m[0].length,
    });
  }
  return found;
}

const A_LABEL = String.raw`(?:a|alien(?: registration)?|uscis(?: online account)?)(?:[ \-]?(?:#|no\.?|num(?:ber)?|nr\.?))?`;
const A_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${A_LABEL})[ :#.\-]{0,3}(?:is |= ?)?(${JOINED(7, 12)})(?!\d)`,
  'giu',
);

function aNumbers(text: string, after: (end: number) => string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(A_NUMBER, text)) {
    const digits = m[2]!;
    const n = digitsOf(digits).length;
    const bare = /^a$/i.test(m[1]!);
    const end = m.index + m[0].length;
    if (bare) {
      // "A 2 month delay", "a 2023 2024 backlog", "a 20 30 60 90 day wait" are not A-numbers.
      if (n < 8 || n > 9) continue;
      if (/\D/.test(digits) && (isDateLike(digits) || isCountList(digits, after(end), true))) continue;
    } else if (n < 8 || (n > 9 && !/online/i.test(m[1]!))) continue;
    if (/\D/.test(digits) && isDateLike(digits)) continue;
    found.push({ kind: 'a_number', from: m.index, to: end });
  }
  return found;
}

const SSN_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:ssn|itin|tin|social security(?: (?:number|no\.?|#|card))?|sozialversicherungsnummer|numero de seguro social)[ :#.\-]{0,3}(?:is |= ?)?(${JOINED(9, 9)})(?!\d)`,
  'giu',
);

const PHONE_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:phone|tel|telephone|mobile|cell|cellphone|whats ?app|viber|call me|text me|call|text|ph|mob|handy|telefono|telefone)(?: (?:no\.?|number|#|is|at|on))?[ :#.\-]{0,3}(?:is |at |on )?(\+?${JOINED(7, 15)})(?!\d)`,
  'giu',
);

/** A number after its label; `withLabel` says whether the finding covers the label too. */
function labelled(
  pattern: RegExp,
  kind: IdentifierKind,
  text: string,
  withLabel: boolean,
): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(pattern, text)) {
    const digits = m[1]!;
    if (OFFICIAL_NUMBERS.has(digitsOf(digits).replace(/^1(?=\d{10}$)/, ''))) continue;
    if (/\D/.test(digits) && isDateLike(digits)) continue;
    const to = m.index + m[0].length;
    found.push({ kind, from: withLabel ? m.index : to - digits.length, to });
  }
  return found;
}

/**
 * The word for passport in the languages applicants write in, and its abbreviations, written
 * as the skeleton sees them (Cyrillic "паспорт" becomes mostly Latin there).
 */
const PASSPORT_WORDS = [
  'pass ?port',
  'passeport',
  'pasaporte',
  'passaporte?',
  'passaporto',
  'reisepass',
  'paspoort',
  'paszport',
  'pasaport',
  'pasport',
  'ppt',
  'pp(?= ?(?:no|#|number|nr))',
  'pass(?= ?(?:no|nr|#|number))',
  'travel document',
  ...[
    'паспорт',
    'جواز',
    'گذرنامه',
    'پاسپورت',
    'पासपोर्ट',
    'পাসপোর্ট',
    '护照',
    '護照',
    'パスポート',
    '旅券',
    '여권',
    'hộ chiếu',
  ].map((word) => skeletonOf(word).text),
].join('|');
const PASSPORT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${PASSPORT_WORDS})`, 'giu');
/** 0–2 letters, 6–9 digits (separators allowed), an optional letter: passport numbers worldwide. */
const PASSPORT_TOKEN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])\p{L}{0,2}-?(${JOINED(6, 9)})\p{L}?(?![\p{L}\p{N}])`,
  'gu',
);

/** Passport numbers that mix letters and digits ("12AB34567", "C01X00T47"). */
const PASSPORT_ALNUM = /(?<![\p{L}\p{N}])(?=(?:[A-Z]*\d){4})[A-Z0-9]{6,10}(?![\p{L}\p{N}])/gu;

function passportNumbers(text: string, blanked: string): SkeletonFinding[] {
  PASSPORT_WORD.lastIndex = 0;
  if (!PASSPORT_WORD.test(text)) return [];
  const found: SkeletonFinding[] = [];
  // Anywhere in a note that talks about a passport: the number may be far from the word.
  for (const m of matches(PASSPORT_TOKEN, blanked)) {
    const digits = m[1]!;
    if (isDateLike(digits) || isCountList(digits, '')) continue;
    found.push({ kind: 'passport_number', from: m.index, to: m.index + m[0].length });
  }
  for (const m of matches(PASSPORT_ALNUM, blanked)) {
    if (/\d{5,}$/.test(m[0]) && /^[A-Z]{0,2}\d+$/.test(m[0])) continue;
    found.push({ kind: 'passport_number', from: m.index, to: m.index + m[0].length });
  }
  return found;
}

/** I-94 admission numbers: 11 characters, nine digits + letter + digit or eleven digits. */
const I94_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:i[ \-]?94|admission(?: record)?)(?: (?:number|no\.?|#|record|is))*[ :#.\-]{0,3}(?:is )?((?:\d${SEP}{0,3}){9}[a-z0-9]${SEP}{0,3}\d)(?![\p{L}\p{N}])`,
  'giu',
);
const I94_SHAPE = /(?<![\p{L}\p{N}])\d{9}[A-Z]\d(?![\p{L}\p{N}])/gu;
/** DS-160 confirmation numbers: AA + eight letters or digits. */
const DS160_SHAPE = /(?<![\p{L}\p{N}])AA[ -]?(?:[0-9A-Z][ -]?){7}[0-9A-Z](?![\p{L}\p{N}])/gu;
const DS160_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:ds[ \-]?160|ceac|confirmation)(?: (?:confirmation|number|no\.?|#|id|code|is))*[ :#.\-]{0,3}(?:is )?([0-9a-z](?:[ \-]?[0-9a-z]){7,11})(?![\p{L}\p{N}])`,
  'giu',
);

function travelNumbers(text: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(I94_LABELLED, text))
    found.push({ kind: 'i94_number', from: m.index, to: m.index + m[0].length });
  for (const m of matches(I94_SHAPE, text))
    found.push({ kind: 'i94_number', from: m.index, to: m.index + m[0].length });
  for (const m of matches(DS160_SHAPE, text)) {
    if (digitsOf(m[0]).length >= 2)
      found.push({ kind: 'ds160_number', from: m.index, to: m.index + m[0].length });
  }
  for (const m of matches(DS160_LABELLED, text)) {
    const token = m[1]!;
    if (digitsOf(token).length < 3 || isDateLike(token)) continue;
    found.push({ kind: 'ds160_number', from: m.index, to: m.index + m[0].length });
  }
  return found;
}

/**
 * Numbers split in two ("receipt starts IOE09123 … ends 45678", "SSN 123-45 and then 6789"):
 * after a label, the digit groups within a short distance add up to the identifier's length.
 */
const SPLIT_LABELS: [RegExp, IdentifierKind, number][] = [
  [
    /(?<![\p{L}\p{N}])(?:IOE|EAC|WAC|LIN|SRC|NBC|MSC|YSC|TSC|NSC|CSC|VSC|PSC)(?=[ :#.-]{0,3}\d)/gu,
    'receipt_number',
    10,
  ],
  [/(?<![\p{L}\p{N}])receipt(?: (?:number|no\.?|#))?/giu, 'receipt_number', 10],
  [
    /(?<![\p{L}\p{N}])(?:a[ -]?(?:#|no\.?|number)|a-(?= ?\d| )|alien (?:registration )?number)/giu,
    'a_number',
    8,
  ],
  [/(?<![\p{L}\p{N}])(?:ssn|social security(?: number)?)/giu, 'ssn', 9],
  [/(?<![\p{L}\p{N}])(?:phone|mobile|cell|whats ?app|call me|text me)/giu, 'phone', 10],
  [new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${PASSPORT_WORDS})`, 'giu'), 'passport_number', 7],
];
const SPLIT_WINDOW = 90;
const GROUP = /\d(?:[ \-./]?\d)*/g;

const COUNTED =
  /^ ?(?:days?|weeks?|months?|years?|yrs?|dollars?|usd|eur|hours?|hrs?|minutes?|mins?|people|cases|times|photos|pages|%)/i;

/** The end of the first run of halves after a label that adds up to `needed` digits, if any. */
function halvesEnd(window: string, needed: number, yearsToo: boolean): number | undefined {
  let total = 0;
  let parts = 0;
  let years = 0;
  for (const g of window.matchAll(GROUP)) {
    const digits = digitsOf(g[0]);
    // Years, day and month numbers and counts are how people date things, not halves; the
    // digits right after a receipt prefix ("EAC21 …") are the first half whatever their length.
    const glued = g.index === 0;
    const year = isGregorianYear(digits);
    if (!glued && (digits.length <= 2 || (/\D/.test(g[0]) && isDateLike(g[0])))) continue;
    if (!glued && year && !yearsToo) continue;
    // "130 dollars", "120 days": a count, whatever stands before it.
    if (COUNTED.test(window.slice(g.index + g[0].length, g.index + g[0].length + 10))) continue;
    if (yearsToo && !year && digits.length < 4) continue;
    if (OFFICIAL_NUMBERS.has(digits.replace(/^1(?=\d{10}$)/, ''))) continue;
    if (year) years++;
    total += digits.length;
    parts++;
    // A half may look like a year ("A-number 2087; ends with 08376"), but two years are dates.
    if (parts >= 2 && total >= needed) return years > 1 ? undefined : g.index + g[0].length;
    if (total >= needed) return undefined;
  }
  return undefined;
}

function splitNumbers(text: string, blanked: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const [label, kind, needed] of SPLIT_LABELS) {
    for (const m of matches(label, text)) {
      const windowStart = m.index + m[0].length;
      const window = blanked.slice(windowStart, windowStart + SPLIT_WINDOW);
      // Passport numbers are too short to tell a year-shaped half from a year.
      const end =
        halvesEnd(window, needed, false) ??
        (kind === 'passport_number' ? undefined : halvesEnd(window, needed, true));
      if (end !== undefined) found.push({ kind, from: m.index, to: windowStart + end });
    }
  }
  return found;
}

/**
 * Runs of digit groups joined by separators: phone numbers and other long numbers. "+" and "="
 * do not join groups here: "1,225 + 85 = 1,310" is a sum (a leading "+" still starts a phone).
 */
const RUN_SEP = SEP.replace('+=', '');
const RUN = new RegExp(String.raw`[+(]?\d+(?:${RUN_SEP}{1,3}\d+)*`, 'g');
/** A time of day after a date ("2024-03-12 10:00") is part of the date. */
const TIME = /(?<!\d)\d{1,2}:\d\d(?::\d\d)?(?!\d)/g;

function runs(blanked: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(RUN, blanked)) {
    // A run glued to letters on its left is a code, a form or a case number found elsewhere.
    const raw = m[0].replace(/[^\d]+$/, '');
    const digits = digitsOf(raw);
    const n = digits.length;
    if (n < 7) continue;
    const from = m.index;
    const to = from + raw.length;
    const plain = digits.replace(/^1(?=\d{10}$)/, '');
    if (OFFICIAL_NUMBERS.has(plain)) continue;
    const groups = groupsOf(raw);
    const international = raw.startsWith('+') || /^\(?00[1-9]/.test(raw);
    if (international && n >= 7 && n <= 15) {
      found.push({ kind: 'phone', from, to });
      continue;
    }
    const dateOnly = raw.replace(TIME, ' ').trim();
    if (dateOnly !== raw && dateOnly !== '' && isDateLike(dateOnly)) continue;
    if (
      isDateLike(raw) ||
      isCountList(raw, blanked.slice(to, to + 12), false, blanked.slice(Math.max(0, from - 16), from))
    )
      continue;
    const shape = groups.map((g) => g.length).join('-');
    if (shape === '3-2-4') {
      // "485 03 2024" reads as a form, a month and a year once the form prefix is gone.
      const [, mid, last] = groups;
      if (!(isGregorianYear(last!) && Number(mid) <= 12)) found.push({ kind: 'ssn', from, to });
      continue;
    }
    if (/^0\d(?:\D+\d\d){4}$/.test(raw) || /^(?:1-)?3-3-4$/.test(shape) || n === 10 || n === 11) {
      found.push({ kind: 'phone', from, to });
      continue;
    }
    if (n >= 9) found.push({ kind: n <= 15 && groups.length > 1 ? 'phone' : 'long_number', from, to });
    // Eight digits in one piece are an A-number or a document number unless they are a date.
    else if (n === 8 && groups.length === 1 && !isCompactDate(digits))
      found.push({ kind: 'long_number', from, to });
  }
  return found;
}

/**
 * One or two letters and seven to nine digits ("N9876543", "EA1234567"): a passport or another
 * document number even without the word; no form, visa or date is written like that.
 */
const DOCUMENT_TOKEN = /(?<![\p{L}\p{N}])\p{L}{1,2}(\d{7,9})\p{L}?(?![\p{L}\p{N}])/gu;

/** Capitals and digits mixed in one long token ("GODE561231HDFRRN09"): a national ID or a code. */
const ID_TOKEN = /(?<![\p{L}\p{N}])(?=(?:[A-Z]*\d){5})(?=(?:\d*[A-Z]){2})[A-Z0-9]{8,20}(?![\p{L}\p{N}])/gu;

function documentTokens(blanked: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  for (const m of matches(ID_TOKEN, blanked)) {
    // "FY2024Q1", "PD20190314": a year or a date with a letter or two around it.
    const rest = m[0].replace(/(?:19|20)\d\d(?:[01]\d[0-3]\d)?/, '');
    if (rest.replace(/\D/g, '').length < 3) continue;
    found.push({ kind: 'long_number', from: m.index, to: m.index + m[0].length });
  }
  for (const m of matches(DOCUMENT_TOKEN, blanked)) {
    if (isCompactDate(m[1]!)) continue;
    found.push({ kind: 'long_number', from: m.index, to: m.index + m[0].length });
  }
  return found;
}

/** Every digit identifier in a skeleton (overlaps are resolved by the caller). */
export function findDigitIdentifiers(text: string): SkeletonFinding[] {
  const noForms = blankFormNames(text);
  // Labelled numbers are read with dates left in: "A# 12/03/45 678" is not a date.
  const noDates = blankDates(noForms);
  const after = (end: number) => noForms.slice(end, end + 12);
  return [
    ...caseNumbers(text, noDates),
    ...aNumbers(noForms, after),
    ...labelled(SSN_LABELLED, 'ssn', noForms, true),
    ...travelNumbers(text),
    ...passportNumbers(text, noDates),
    ...labelled(PHONE_LABELLED, 'phone', noForms, false),
    ...splitNumbers(text, noDates),
    ...runs(noDates),
    ...documentTokens(noForms),
  ];
}
