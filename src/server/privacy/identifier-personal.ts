/**
 * Personal details in a note's skeleton: a full name together with a street address or a date
 * of birth, a labelled date of birth, or a home address with its apartment number. A name
 * alone, an office's address or a birth month are how people write about cases and pass.
 */
import { MONTH, type SkeletonFinding } from './identifier-digits.ts';
import { matches } from './identifier-skeleton.ts';

const STREET_TYPES = String.raw`(st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|ct|court|way|pl|place|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|trl|trail|crescent|close|strasse|str|marg|nagar)`;
/** Street types that are also everyday words ("a 2 hour drive") count only when capitalised. */
const EVERYDAY = new Set([
  'drive',
  'court',
  'way',
  'place',
  'circle',
  'trail',
  'close',
  'terrace',
  'lane',
  'dr',
  'ct',
  'pl',
]);
const UNIT = String.raw`(?:,? ?(?:apt|apartment|unit|suite|ste|flat|#|no\.?) ?#? ?[\p{L}\p{N}\-]{1,6})`;
/** "123 Main St", "4500 N. Oak Avenue, Apt 5B", "Calle Mayor 12", "PO Box 1234". */
const ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\d{1,6}[A-Za-z]? (?:[NSEW]\.? )?(?:[\p{L}\p{N}.'\-]+ ){0,3}${STREET_TYPES}\.?(?![\p{L}])(?: (?:N|S|E|W|NE|NW|SE|SW)\.?(?![\p{L}]))?${UNIT}?` +
    String.raw`|(?:calle|rue|via|rua|strasse|straße) (?:[\p{L}.'\-]+ ){0,3}\d{1,5}${UNIT}?` +
    String.raw`|p\.? ?o\.? box \d{1,6})`,
  'giu',
);

/** A full date with the day: 14/03/1985, 1985-03-14, 14 March 1985, March 14, 1985, 14.3.85. */
const FULL_DATE = String.raw`(?:\d{1,2}[ \-./]{1,2}\d{1,2}[ \-./]{1,2}(?:19|20)?\d\d|(?:19|20)\d\d[ \-./]{1,2}\d{1,2}[ \-./]{1,2}\d{1,2}|\d{1,2}(?:st|nd|rd|th)?(?: of)?[ \-./]${MONTH}\.?[ \-./,]{1,2}(?:19|20)\d\d|${MONTH}\.?[ \-./]\d{1,2}(?:st|nd|rd|th)?[ \-./,]{1,2}(?:19|20)\d\d)`;
const DOB_LABEL = String.raw`(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|fecha de nacimiento|date de naissance|geburtsdatum|data de nascimento|data di nascita)`;
const DOB_LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${DOB_LABEL}(?: is)?[ :\-]{0,3}${FULL_DATE}(?!\d)`,
  'giu',
);
const BORN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:born|b\.|nacido|nacida|ne|nee|geboren)(?: (?:on|in|el|le|am))?[ :]{0,2}${FULL_DATE}(?!\d)`,
  'giu',
);

/** Words written with a capital that are not people's names. */
const NOT_NAMES = new Set(
  `I Im My We Our The A An And Or But So Then Also Just Still After Before When While Since Until From To For On In At By Of With Without Got Filed Received Approved Denied Pending Interview Biometrics Card Case Oath Notice Receipt Transfer Transferred RFE EAD AP NOID USCIS NVC NBC NSC TSC CSC VSC YSC SCOPS Potomac Service Center Field Office National Benefits Visa Bulletin Green Embassy Consulate Department State Street St Avenue Ave Road Rd Main North South East West New York Los Angeles San Francisco Jose Diego Antonio Houston Dallas Chicago Newark Miami Atlanta Boston Seattle Texas California Florida Nebraska Vermont Lincoln Laguna Niguel Mesquite Kansas City Las Vegas United States US USA America American India Indian China Chinese Mexico Philippines Nigeria Iran Pakistan Bangladesh Brazil Canada UK Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec DOB Date Birth Born Name Address Apt Suite Unit Mr Mrs Ms Dr PO Box Thanks Thank God Good Luck Hope Everyone Please Update Edit Note Mom Dad`.split(
    ' ',
  ),
);
const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{Ll}'-]+(?: \p{Lu}[\p{Ll}'-]+){1,3}(?![\p{L}\p{N}])/gu;
const PLACE_BEFORE = /(?:^|[^\p{L}])(?:in|at|from|to|near|of|via|around|outside|the)\s$/iu;
const PLACE_AFTER =
  /^,?\s(?:field office|office|fo|asc|service center|center|consulate|embassy|county|city|airport|court|lockbox|area)\b/i;
const NAME_INTRO =
  /(?<![\p{L}\p{N}])(?:my name is|name is|name:|full name|i am|i'm|this is|mr\.?|mrs\.?|ms\.?|miss|applicant:?|beneficiary:?|petitioner:?|me llamo|je m'appelle|ich heisse)[ :]{1,2}\p{L}[\p{L}'-]+(?: \p{L}[\p{L}'-]+){1,3}/giu;

interface Span {
  from: number;
  to: number;
}

/** Capitalised pairs that can be a person's full name, outside the given spans. */
function names(text: string, outside: Span[]): Span[] {
  const found: Span[] = [];
  for (const m of matches(NAME_INTRO, text)) found.push({ from: m.index, to: m.index + m[0].length });
  for (const m of matches(CAPITALISED, text)) {
    const from = m.index;
    const to = from + m[0].length;
    if (outside.some((s) => from < s.to && s.from < to)) continue;
    const words = m[0].split(' ').filter((w) => !NOT_NAMES.has(w));
    // "in Mount Laurel", "Mount Laurel field office": a place.
    const place =
      PLACE_BEFORE.test(text.slice(Math.max(0, from - 12), from)) ||
      PLACE_AFTER.test(text.slice(to, to + 20));
    if (words.length >= 2 && !place) found.push({ from, to });
  }
  return found;
}

/** Personal details in a skeleton (overlaps are resolved by the caller). */
export function findPersonalDetails(text: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  const addresses = [...matches(ADDRESS, text)]
    .filter((m) => m[1] === undefined || !EVERYDAY.has(m[1]))
    .map((m) => ({
      from: m.index,
      to: m.index + m[0].length,
      unit: new RegExp(`${UNIT}$`, 'iu').test(m[0]) || /^p\.? ?o\.? box/i.test(m[0]),
    }));
  const labelledBirth = [...matches(DOB_LABELLED, text)].map((m) => ({
    from: m.index,
    to: m.index + m[0].length,
  }));
  const born = [...matches(BORN, text)].map((m) => ({ from: m.index, to: m.index + m[0].length }));
  const people = names(text, addresses);
  // A date of birth given as such identifies with the nationality and category beside it.
  for (const d of labelledBirth) found.push({ kind: 'personal_details', ...d });
  // A home address with its apartment or box number is nobody's office.
  for (const a of addresses) if (a.unit) found.push({ kind: 'personal_details', from: a.from, to: a.to });
  if (people.length > 0) {
    for (const a of addresses) found.push({ kind: 'personal_details', from: a.from, to: a.to });
    for (const b of born) found.push({ kind: 'personal_details', ...b });
    if (addresses.length + born.length + labelledBirth.length > 0)
      for (const p of people) found.push({ kind: 'personal_details', ...p });
  }
  return found;
}
