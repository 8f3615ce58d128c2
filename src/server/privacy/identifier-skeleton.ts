/**
 * The identifier guard's normalisation: turns a note into a "skeleton" in which every way of
 * disguising a number or an address looks like the plain form, while remembering where each
 * skeleton character came from so that findings point at the note as written.
 *
 * - NFKD per character with combining marks dropped (accents, Zalgo, enclosing marks);
 * - invisible and format characters dropped (zero-width, joiners, tags, variation selectors,
 *   Hangul fillers, the braille blank, the Mongolian vowel separator);
 * - every Unicode decimal digit (\p{Nd}: Arabic-Indic, Persian, Devanagari, Bengali, Thai, …) to
 *   ASCII; every dash and minus to "-"; every space and line break to one " ";
 * - Cyrillic and Greek look-alikes to Latin letters (a hand table, see decision 060);
 * - O/o and l/I to 0 and 1 inside digit groups;
 * - runs of three or more spelled-out digits ("one two three", "cinco seis siete") and of four
 *   or more Chinese numerals ("一二三四") to digits;
 * - letters spaced out one by one ("j o h n @ g m a i l . c o m") joined.
 */

export interface Skeleton {
  text: string;
  /** For each UTF-16 unit of `text`: the offset in the original where it begins and ends. */
  start: number[];
  end: number[];
}

/** Separators people put between the groups of a number, in the skeleton (dashes are "-"). */
export const SEP = String.raw`[ \-./_·~|,:;\\*+='"()\[\]#]`;

// Invisible or formatting: never part of what a reader sees. \p{Cf} covers zero-width
// characters, bidi controls, the soft hyphen, U+180E and the tag characters; the rest are
// letters or symbols that render as blank.
// eslint-disable-next-line no-misleading-character-class -- the class lists marks and fillers on purpose
const INVISIBLE = /^[\p{Cf}\p{M}\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\ufe00-\ufe0f]$/u;
const DASH = /^[\p{Pd}\u2212\u2043\u02d7\u2796\ufe63\uff0d]$/u;
const DOT_LIKE = /^[\u00b7\u2022\u2024\u2027\u2219\u22c5\u30fb\u3002\uff61\uff65]$/u;

/**
 * Look-alike letters from other scripts that read as Latin letters. A hand table: the Unicode
 * confusables data maps in the other direction for digits (0 → O, 1 → l) and to multi-letter
 * skeletons, which is not what a number matcher needs.
 */
const CONFUSABLES: Record<string, string> = {};
for (const [from, to] of [
  // Cyrillic
  ['авеёкмнорстухѕіїјһԁԛԝɡӏьАВЕЁКМНОРСТУХЅІЇЈҺԀԚԜӀЗз', 'abeekmhopctyxsiijhdqwglbABEEKMHOPCTYXSIIJHDQWI33'],
  // Greek
  ['αβγεικνορτυχϲωΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹ', 'abyeikvoptuxcwABEZHIKMNOPTYXC'],
  // Latin and other look-alikes that NFKD leaves alone
  ['ıȷɑɩʟᴏꓲꓳꓴøØđĐłŁ', 'ijaiLoIOUoOdDlL'],
] as const) {
  [...from].forEach((c, k) => (CONFUSABLES[c] = to[k]!));
}

/** The value of a decimal digit of any script: \p{Nd} comes in contiguous runs of ten from zero. */
const ND = /^\p{Nd}$/u;
function digitValue(cp: number): number {
  let first = cp;
  while (first > 0 && ND.test(String.fromCodePoint(first - 1))) first--;
  return (cp - first) % 10;
}

/** Pass 1: character by character, from the note as written. */
function characters(text: string): Skeleton {
  let out = '';
  const start: number[] = [];
  const end: number[] = [];
  const push = (s: string, from: number, to: number) => {
    for (const unit of s) {
      for (let k = 0; k < unit.length; k++) {
        start.push(from);
        end.push(to);
      }
      out += unit;
    }
  };
  let offset = 0;
  for (const ch of text) {
    const from = offset;
    offset += ch.length;
    const cp = ch.codePointAt(0)!;
    if (/^\s$/u.test(ch)) {
      if (out.endsWith(' ')) end[end.length - 1] = offset;
      else if (out.length > 0) push(' ', from, offset);
      continue;
    }
    if (ND.test(ch)) {
      push(String(digitValue(cp)), from, offset);
      continue;
    }
    if (DASH.test(ch)) {
      push('-', from, offset);
      continue;
    }
    if (DOT_LIKE.test(ch)) {
      push('.', from, offset);
      continue;
    }
    const mapped = CONFUSABLES[ch];
    if (mapped !== undefined) {
      push(mapped, from, offset);
      continue;
    }
    if (INVISIBLE.test(ch)) {
      // A blank that stands between two words still separates them.
      continue;
    }
    let folded = '';
    for (const part of ch.normalize('NFKD')) {
      if (INVISIBLE.test(part)) continue;
      folded += ND.test(part) ? String(digitValue(part.codePointAt(0)!)) : (CONFUSABLES[part] ?? part);
    }
    if (folded === '') continue;
    // NFKD can produce spaces (e.g. from U+00A8); keep them single.
    push(folded.replace(/\s+/gu, ' '), from, offset);
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    start.pop();
    end.pop();
  }
  return { text: out, start, end };
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Applies non-overlapping edits; replaced characters map to the whole span they replace. */
function rewrite(sk: Skeleton, edits: Edit[]): Skeleton {
  if (edits.length === 0) return sk;
  edits.sort((a, b) => a.from - b.from);
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.from < at) continue;
    text += sk.text.slice(at, e.from);
    start.push(...sk.start.slice(at, e.from));
    end.push(...sk.end.slice(at, e.from));
    const s = sk.start[e.from]!;
    const t = sk.end[e.to - 1]!;
    for (let k = 0; k < e.text.length; k++) {
      start.push(s);
      end.push(t);
    }
    text += e.text;
    at = e.to;
  }
  text += sk.text.slice(at);
  start.push(...sk.start.slice(at));
  end.push(...sk.end.slice(at));
  return { text, start, end };
}

/** Pass 2: O/o → 0 and l/I → 1 (and S → 5, B → 8 between digits) inside a number. */
const DIGITISH = '[0-9OolISB]+';
const NUMBER_LIKE = new RegExp(String.raw`${DIGITISH}(?:${SEP}{1,3}${DIGITISH})*`, 'g');
const AS_DIGIT: Record<string, string> = { O: '0', o: '0', l: '1', I: '1', S: '5', B: '8' };
/** Form names written without a dash ("I485", "N400") keep their letter. */
const FORM_GROUP =
  /^[IN](?:90|94|102|129F?|130|131|134|140|191|192|212|290B?|360|407|485|526|539|589|600A?|601A?|612|693|730|751|765|797C?|800|821D?|824|829|864|865|912|914|918|924|929|942|300|336|400|426|470|565|648)$/;

function convertGroup(group: string, edgesToo: boolean): string {
  const first = group.search(/\d/);
  if (first < 0 || FORM_GROUP.test(group)) return group;
  const last = group.length - 1 - [...group].reverse().findIndex((c) => /\d/.test(c));
  let converted = '';
  for (let k = 0; k < group.length; k++) {
    const c = group[k]!;
    const inside = k > first && k < last;
    // S and B only between digits: "SB" and "EB" stay letters.
    const edgeOk = edgesToo && c !== 'S' && c !== 'B';
    converted += /\d/.test(c) || !(inside || edgeOk) ? c : AS_DIGIT[c]!;
  }
  return converted;
}

function lettersForDigits(sk: Skeleton): Skeleton {
  const edits: Edit[] = [];
  for (const m of sk.text.matchAll(NUMBER_LIKE)) {
    const run = m[0];
    if (!/[OolISB]/.test(run)) continue;
    // A letter between two digits is a digit. Letters at the edge of a group only count when
    // the whole number is long enough to be an identifier, so "I130" and "O1" keep theirs.
    const edgesToo = run.replace(/\D/g, '').length >= 5;
    // One edit per letter, so that findings still point at the characters they came from.
    for (const g of run.matchAll(/[0-9OolISB]+/g)) {
      const converted = convertGroup(g[0], edgesToo);
      for (let k = 0; k < converted.length; k++) {
        const at = m.index + g.index + k;
        if (converted[k] !== g[0][k]) edits.push({ from: at, to: at + 1, text: converted[k]! });
      }
    }
  }
  return rewrite(sk, edits);
}

const DIGIT_WORDS: Record<string, string> = {};
for (const [words, digit] of [
  ['zero cero zéro null nul sifr oh', '0'],
  ['one uno un une eins um', '1'],
  ['two dos deux zwei dois', '2'],
  ['three tres trois drei', '3'],
  ['four cuatro quatre vier quatro', '4'],
  ['five cinco cinq funf fuenf', '5'],
  ['six seis sechs', '6'],
  ['seven siete sept sieben sete', '7'],
  ['eight ocho huit acht oito', '8'],
  ['nine nueve neuf neun nove', '9'],
] as const) {
  for (const w of words.split(' ')) DIGIT_WORDS[w] = digit;
}
const DIGIT_WORD = Object.keys(DIGIT_WORDS).join('|');
const MULTIPLIER = 'double|triple|doble|triple';
const SPELLED_RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:${MULTIPLIER})[ \-]+)?(?:${DIGIT_WORD}|\d)(?:[ \-,]{1,3}(?:(?:${MULTIPLIER})[ \-]+)?(?:${DIGIT_WORD}|\d))+(?![\p{L}\p{N}])`,
  'giu',
);
const SPELLED_TOKEN = new RegExp(
  String.raw`(?:(${MULTIPLIER})[ \-]+)?(${DIGIT_WORD}|\d)(?![\p{L}\p{N}])`,
  'giu',
);

const CJK_DIGITS: Record<string, string> = {};
[...'〇一二三四五六七八九'].forEach((c, k) => (CJK_DIGITS[c] = String(k)));
CJK_DIGITS['零'] = '0';
const CJK_RUN = /[〇零一二三四五六七八九](?:[ -]?[〇零一二三四五六七八九]){3,}/gu;

/** Pass 2b: Chinese numerals written digit by digit ("一二三四五六七八九"), four or more in a row. */
function cjkDigits(sk: Skeleton): Skeleton {
  const edits: Edit[] = [];
  for (const m of sk.text.matchAll(CJK_RUN)) {
    edits.push({
      from: m.index,
      to: m.index + m[0].length,
      text: m[0].replace(/\S/gu, (c) => CJK_DIGITS[c] ?? c),
    });
  }
  return rewrite(sk, edits);
}

/** Pass 3: "five five five one two three …" → "5 5 5 1 2 3 …" (runs of three words, or two among digits). */
function spelledDigits(sk: Skeleton): Skeleton {
  const edits: Edit[] = [];
  for (const run of sk.text.matchAll(SPELLED_RUN)) {
    const tokens = [...run[0].matchAll(SPELLED_TOKEN)];
    const words = tokens.filter((t) => !/^\d$/.test(t[2]!)).length;
    // "one or two" never forms a run; "0 9 one two 3 4" mixes words and digits.
    if (words < 3 && !(words >= 2 && tokens.length >= 4)) continue;
    for (const t of tokens) {
      if (/^\d$/.test(t[2]!) && t[1] === undefined) continue;
      const digit = DIGIT_WORDS[t[2]!.toLowerCase()] ?? t[2]!;
      const times = t[1] === undefined ? 1 : /^doub|^dob/i.test(t[1]) ? 2 : 3;
      const from = run.index + t.index;
      edits.push({ from, to: from + t[0].length, text: digit.repeat(times) });
    }
  }
  return rewrite(sk, edits);
}

/** Pass 4: "j o h n @ g m a i l . c o m", "I O E": letters spaced out one by one, joined. */
const SPACED_OUT = /(?<![^ ])(?:[\p{L}@._-] ){2,}[\p{L}@._-](?![^ ])/gu;
function spacedLetters(sk: Skeleton): Skeleton {
  const edits: Edit[] = [];
  for (const m of sk.text.matchAll(SPACED_OUT)) {
    // Single letters in a row are words only in lists ("a b c"), which lose nothing joined.
    edits.push({ from: m.index, to: m.index + m[0].length, text: m[0].replaceAll(' ', '') });
  }
  return rewrite(sk, edits);
}

/** The skeleton of a note. Findings on `text` map back with {@link originalSpan}. */
export function skeletonOf(note: string): Skeleton {
  return lettersForDigits(spacedLetters(spelledDigits(cjkDigits(characters(note)))));
}

/** Every match of a global pattern, for the matchers that read a skeleton. */
export function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    yield m;
    if (m[0].length === 0) pattern.lastIndex++;
  }
}

/** The span of the original note that skeleton characters [from, to) came from. */
export function originalSpan(sk: Skeleton, from: number, to: number): { start: number; end: number } {
  if (to <= from) return { start: sk.start[from] ?? 0, end: sk.start[from] ?? 0 };
  return { start: sk.start[from]!, end: sk.end[to - 1]! };
}
