/**
 * Regenerates the "generated" part of identifier-corpus.json: plain identifiers pushed through
 * each disguise the issue lists, and ordinary notes built from how people date and count
 * things. Hand-written and inherited notes in the file are kept as they are. Deterministic
 * (seeded), so a rerun changes nothing unless this file changes.
 *
 *   node tests/unit/privacy/generate-identifier-corpus.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CorpusFile, CorpusNote } from './identifier-corpus.ts';

const FILE = fileURLToPath(new URL('./identifier-corpus.json', import.meta.url));

// mulberry32: a tiny seeded generator, so the corpus is the same on every machine.
let seed = 0x12_2026;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// Plain identifiers, as digit groups.
const RECEIPT_PREFIXES = ['IOE', 'EAC', 'WAC', 'LIN', 'SRC', 'NBC', 'MSC', 'YSC', 'TSC'];
type Plain = { kind: string; label: string; groups: string[]; prefix?: string };
function receipt(): Plain {
  return {
    kind: 'receipt_number',
    label: pick(['receipt', 'my receipt', 'case', 'Receipt #:', '']),
    prefix: pick(RECEIPT_PREFIXES),
    groups: [digits(3), digits(3), digits(4)],
  };
}
function aNumber(): Plain {
  return {
    kind: 'a_number',
    label: pick(['A-number', 'A#', 'my A number is', 'alien number', 'A-']),
    groups: [pad(int(0, 2), 1) + digits(2), digits(3), digits(3)],
  };
}
function ssn(): Plain {
  return {
    kind: 'ssn',
    label: pick(['SSN', 'my ssn', 'social security number', 'SSN is', '']),
    groups: [String(int(100, 665)), pad(int(1, 99)), pad(int(1000, 9999), 4)],
  };
}
function phone(): Plain {
  return {
    kind: 'phone',
    label: pick(['call me', 'phone', 'text me at', 'whatsapp', 'my cell', '']),
    groups: [String(int(201, 989)), String(int(200, 999)), pad(int(0, 9999), 4)],
  };
}
const PLAIN = [receipt, aNumber, ssn, phone];

function render(p: Plain, join: (groups: string[]) => string): string {
  const body = join(p.groups);
  const number = p.prefix ? `${p.prefix}${pick(['', ' ', '-'])}${body}` : body;
  const tail = pick([
    '',
    ' still pending',
    ' approved today',
    ' — any updates?',
    ', transferred to NBC',
    ' (card produced)',
  ]);
  return `${p.label ? p.label + ' ' : ''}${number}${tail}`.trim();
}

const SEPARATORS = [
  '/',
  '_',
  '·',
  '~',
  '|',
  ',',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2212',
  '–',
  '—',
  '  ',
  '\n',
  ' / ',
  ' | ',
];
const SCRIPTS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x0ae6, 0x0a66, 0x0be6, 0x1040, 0xff10];
const toScript = (text: string, zero: number) =>
  text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
const INVISIBLES = [
  '\u034f',
  '\u180e',
  '\ufe0f',
  '\u3164',
  '\u2800',
  '\u{e0020}',
  '\u{e0031}',
  '\u0301',
  '\u0336',
  '\u20e3',
  '\u200b',
  '\u2060',
  '\u00ad',
  '\u200d',
];
function sprinkle(text: string, chars: readonly string[], times: number): string {
  const units = [...text];
  const positions = units.map((c, k) => (/\d/.test(c) ? k : -1)).filter((k) => k > 0);
  for (let t = 0; t < times; t++) {
    const at = pick(positions);
    units[at] = pick(chars) + units[at]!;
  }
  return units.join('');
}
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function generatedIdentifiers(): CorpusNote[] {
  const out: CorpusNote[] = [];
  const add = (cls: string, text: string) =>
    out.push({ text, label: 'identifier', class: cls, source: 'generated' });
  for (let k = 0; k < 60; k++) {
    const p = pick(PLAIN)();
    add(
      'separators',
      render(p, (g) => g.join(pick(SEPARATORS))),
    );
  }
  for (let k = 0; k < 60; k++) {
    const p = pick(PLAIN)();
    add(
      'other-script-digits',
      toScript(
        render(p, (g) => g.join(pick(['', ' ', '-']))),
        pick(SCRIPTS),
      ),
    );
  }
  for (let k = 0; k < 60; k++) {
    const p = pick(PLAIN)();
    add(
      'invisible-characters',
      sprinkle(
        render(p, (g) => g.join(pick(['', '-', ' ']))),
        INVISIBLES,
        int(1, 3),
      ),
    );
  }
  for (let k = 0; k < 60; k++) {
    const p = pick(PLAIN)();
    const swap = (g: string[]) =>
      g
        .join(pick(['', '-', ' ']))
        .replace(/0/, 'O')
        .replace(/1/, pick(['l', 'I']));
    let text = render(p, swap);
    if (!/[OlI]\d|\d[OlI]/.test(text))
      text = render({ ...p, groups: ['1' + p.groups[0]!.slice(1), ...p.groups.slice(1)] }, swap);
    add('letters-for-digits', text);
  }
  for (let k = 0; k < 60; k++) {
    const p = pick(PLAIN)();
    const size = pick([2, 3]);
    add(
      'pairs-and-triples',
      render(p, (g) =>
        g
          .join('')
          .match(new RegExp(`.{1,${size}}`, 'g'))!
          .join(pick([' ', '  ', '.', '-'])),
      ),
    );
  }
  for (let k = 0; k < 50; k++) {
    const p = pick(PLAIN)();
    const all = p.groups.join('');
    const cut = int(3, all.length - 3);
    const label =
      p.label || { receipt_number: 'receipt', a_number: 'A-number', ssn: 'SSN', phone: 'phone' }[p.kind]!;
    const head = p.prefix ? `${p.prefix}${all.slice(0, cut)}` : all.slice(0, cut);
    const middle = pick([
      ' and the rest is ',
      ', second half ',
      ' ... then ',
      ' (split) ',
      '; ends with ',
      ' / ',
    ]);
    add(
      'split-halves',
      `${label} ${pick(['starts with ', 'first half ', 'begins ', ''])}${head}${middle}${all.slice(cut)}`,
    );
  }
  for (let k = 0; k < 50; k++) {
    const p = pick(PLAIN)();
    const spelled = (g: string[]) =>
      g.map((x) => [...x].map((d) => WORDS[Number(d)]).join(' ')).join(pick([' ', ', ', ' - ']));
    add('spelled-out-digits', render(p, spelled));
  }

  const FIRST = [
    'john',
    'priya',
    'ahmed',
    'maria',
    'wei',
    'olu',
    'nguyen',
    'ana',
    'rahul',
    'fatima',
    'li.na',
    'j.doe',
    'mike_88',
    'sara2020',
  ];
  const PROVIDERS = [
    'gmail',
    'yahoo',
    'hotmail',
    'outlook',
    'protonmail',
    'icloud',
    'mail',
    'web',
    'naver',
    'rediffmail',
    'mycompany',
    'uni-example',
  ];
  const TLDS = ['com', 'net', 'org', 'de', 'in', 'co.uk', 'com.br', 'ru', 'io', 'me', 'fr', 'ca'];
  const AT = [' at ', ' @ ', '(at)', '[at]', '{at}', '<at>', '_at_', ' (at) ', ' [at] ', '@ ', ' -at- '];
  const DOT = [' dot ', '(dot)', '[dot]', ' [dot] ', '_dot_', ' . ', '.', '{dot}', ' (.) ', '<dot>'];
  for (let k = 0; k < 70; k++) {
    const dot = pick(DOT);
    const tld = pick(TLDS).split('.').join(dot);
    const local = pick(FIRST);
    let at = pick(AT);
    if (at === ' at ' && dot === '.') at = ' (at) ';
    const email = `${local}${at}${pick(PROVIDERS)}${dot}${tld}`;
    const text = pick(['email me ', 'contact: ', 'reach me at ', 'my email ', '', 'write to ']) + email;
    // Cyrillic look-alikes in a third of them.
    add('email-written-out', random() < 0.33 ? text.replace(/a/, 'а').replace(/o/, 'о') : text);
  }
  const SITES = ['mycasejourney', 'greencardwait', 'eb2diary', 'priya-timeline', 'waitingforgc', 'k1story'];
  for (let k = 0; k < 50; k++) {
    const dot = pick([' dot ', '(dot)', '[.]', ' [dot] ', '(.)', ' . ', ' DOT ']);
    const path = pick(['', `${pick([' slash ', '/'])}${pick(['timeline', 'case', 'r', 'jdoe'])}`]);
    const text = `${pick(['my blog ', 'see ', 'full story: ', 'read ', 'details at '])}${pick(SITES)}${dot}${pick(['com', 'net', 'org', 'info', 'io', 'me'])}${path}`;
    add('web-address-written-out', text);
  }
  const HANDLES = [
    'priya_gc',
    'eb2.waiting',
    'jdoe1985',
    'k1_mama',
    'h1b_to_gc',
    'nvc.journey',
    'zhang_wei88',
  ];
  const HANDLE_FORMS = [
    (h: string) => `instagram @${h}`,
    (h: string) => `follow me on insta: ${h}`,
    (h: string) => `reddit u/${h.replace('.', '_')}`,
    (h: string) => `DM me /u/${h.replace('.', '_')}`,
    (h: string) => `telegram: @${h}`,
    (h: string) => `my tiktok is ${h}`,
    (h: string) => `twitter @${h}`,
    (h: string) => `discord ${h.replace('.', '_')}#${int(1000, 9999)}`,
    (h: string) => `find me on telegram ${h}`,
    (h: string) => `IG ${pick(['handle', 'username'])} ${h}`,
    (h: string) => `bit.ly/${h.replace(/[._]/g, '')}`,
    (h: string) => `bit ly/${h.replace(/[._]/g, '')}`,
    (h: string) => `tinyurl.com/${h.replace(/[._]/g, '')}`,
    (h: string) => `t.me/${h.replace('.', '_')}`,
    (h: string) => `my fb: ${h}`,
  ];
  for (let k = 0; k < 60; k++) add('shorteners-and-handles', pick(HANDLE_FORMS)(pick(HANDLES)));

  const PASSPORT_WORDS = [
    'passport',
    'PPT',
    'travel document',
    'passeport',
    'pasaporte',
    'Reisepass',
    'passaporto',
    'паспорт',
    'pasaport',
    'पासपोर्ट',
    'پاسپورت',
    'pp no',
  ];
  for (let k = 0; k < 40; k++) {
    const number = `${pick(['', 'K', 'Z', 'P', 'EA', 'G', 'N'])}${digits(pick([7, 8]))}`;
    const word = pick(PASSPORT_WORDS);
    const text = pick([
      `${word} ${number}`,
      `${word} number: ${number}`,
      `${word} renewed at the consulate last spring, new one is ${number}`,
      `new ${word} came, ${number}, visa transferred`,
      `${number} is my ${word}`,
    ]);
    add('passport-i94-ds160', text);
  }
  for (let k = 0; k < 15; k++) {
    const n = `${digits(9)}${pick(['A', 'B', 'C', 'D', 'E'])}${digits(1)}`;
    add(
      'passport-i94-ds160',
      pick([`I-94 number ${n}`, `I94: ${n}`, `my I-94 is ${n}`, `admission record ${digits(11)}`]),
    );
  }
  for (let k = 0; k < 15; k++) {
    const n = `AA00${[...digits(3)].join('')}${pick(['ABC', 'X1Y', 'Q9Z', 'KLM'])}`;
    add(
      'passport-i94-ds160',
      pick([`DS-160 confirmation ${n}`, `${n} is my DS-160`, `CEAC ${n}`, `DS160 # ${n}`]),
    );
  }

  const NAMES = [
    'John Smith',
    'Priya Sharma',
    'Ahmed Khan',
    'Maria Garcia',
    'Wei Zhang',
    'Olumide Adeyemi',
    'Nguyen Van An',
    'Fatima Rahman',
    'Carlos Mendoza',
    'Anna Kowalski',
  ];
  const STREETS = [
    'Main St',
    'Oak Avenue',
    'Pine Rd',
    'Maple Street',
    'Elm Drive',
    'Lake Blvd',
    'Cedar Lane',
    'Park Ave',
  ];
  for (let k = 0; k < 50; k++) {
    const name = pick(NAMES);
    const address = `${int(1, 9999)} ${pick(STREETS)}${pick(['', `, Apt ${int(1, 40)}`, `, Unit ${int(1, 9)}B`])}`;
    const dob = pick([
      `${pad(int(1, 12))}/${pad(int(1, 28))}/${int(1960, 2000)}`,
      `${int(1960, 2000)}-${pad(int(1, 12))}-${pad(int(1, 28))}`,
      `${int(1, 28)} ${pick(['March', 'July', 'Jan', 'October'])} ${int(1960, 2000)}`,
    ]);
    const text = pick([
      `${name}, ${address}`,
      `My name is ${name}, I live at ${address}`,
      `${name} DOB ${dob}`,
      `${name}, born ${dob}, EB-2 India`,
      `Applicant ${name}, date of birth ${dob}`,
      `DOB ${dob}`,
      `${address} — ${name}`,
    ]);
    add('name-with-address-or-dob', text);
  }
  return out;
}

const FORMS = [
  'I-485',
  'I-130',
  'I-140',
  'I-765',
  'I-131',
  'I-751',
  'N-400',
  'I-129F',
  'I-90',
  'I-526',
  'I-601A',
  'I485',
  'N400',
];
const CENTERS = [
  'NBC',
  'NSC',
  'TSC',
  'CSC',
  'VSC',
  'the Potomac SC',
  'the Newark field office',
  'the lockbox',
];
const MILESTONES = ['biometrics', 'EAD', 'AP', 'interview', 'approval', 'card produced', 'oath', 'RFE'];

function generatedOrdinary(): CorpusNote[] {
  const out: CorpusNote[] = [];
  const add = (cls: string, text: string) =>
    out.push({ text, label: 'ordinary', class: cls, source: 'generated' });
  const month = () => pad(int(1, 12));
  const year = () => String(int(2015, 2026));
  for (let k = 0; k < 90; k++) {
    const form = pick(FORMS);
    add(
      'issue-false-refusals',
      pick([
        `Filed ${form} ${month()} ${year()} at ${pick(CENTERS)}`,
        `${form} ${month()} ${year()} filed online`,
        `${form}-${month()}-${year()}`,
        `${form} ${month()}/${year()} → ${pick(MILESTONES)} ${month()}/${year()}`,
        `${form} ${year()} ${month()}, ${pick(MILESTONES)} ${year()} ${month()}`,
        `${form} filed ${month()}.${year()}`,
      ]),
    );
  }
  for (let k = 0; k < 50; k++) {
    const count = int(4, 6);
    let v = int(5, 30);
    const values: number[] = [];
    for (let c = 0; c < count; c++) {
      values.push(v);
      v += int(5, 60);
    }
    const sep = pick([' ', ', ', ' / ', ' - ']);
    add(
      'issue-false-refusals',
      pick([
        values.join(sep),
        `day counts ${values.join(sep)}`,
        `${values.join(sep)} days`,
        `Milestones at ${values.join(sep)} days after receipt`,
      ]),
    );
  }
  for (let k = 0; k < 25; k++) {
    const word = pick(['approved', 'done', 'received', 'pending', 'biometrics', 'interview', 'card']);
    add(
      'issue-false-refusals',
      `${pick(['Case ', 'Finally ', 'Status: ', ''])}${word}.${pick(['App', 'Info', 'Dev', 'Net', 'Me', 'Com', 'Org', 'Io'])} ${pick(['shows it', 'updated', 'says so', 'next', 'lol'])}`,
    );
  }
  for (let k = 0; k < 15; k++) {
    add(
      'issue-false-refusals',
      pick([
        'Called USCIS 1-800-375-5283, no help',
        'USCIS contact center 800-375-5283 escalated it',
        'Contact center (800) 375-5283, tier 2 call back in 2 days',
        'Tried 1 800 375 5283 three times',
        'USCIS: 1.800.375.5283',
        'NVC 603-334-0700 answered after 40 minutes',
      ]),
    );
  }
  // Dates, durations and fees in the forms people use, in several scripts.
  for (let k = 0; k < 120; k++) {
    const y = year();
    const m = month();
    const d = pad(int(1, 28));
    const text = pick([
      `Filed ${y}-${m}-${d}, receipt ${y}-${m}-${pad(int(1, 28))}`,
      `${pick(MILESTONES)} on ${d}/${m}/${y}`,
      `${pick(MILESTONES)} ${m}/${d}/${y}, approved ${month()}/${pad(int(1, 28))}/${y}`,
      `Timeline: ${y}.${m} filed, ${y}.${month()} ${pick(MILESTONES)}`,
      `Waited ${int(2, 30)} months, ${int(1, 4)} weeks and ${int(1, 6)} days`,
      `Fee was $${int(1, 2)},${int(100, 999)} plus $${int(30, 99)} biometrics`,
      `PD ${y}-${m}-${d}, current in the ${year()}-${month()} bulletin`,
      `Passport renewed in ${y}, took ${int(2, 12)} weeks`,
      `I-94 record updated ${m}/${y}`,
      `DS-160 submitted ${y}-${m}, interview ${year()}-${month()}`,
      `${pick(FORMS)} pending ${int(100, 900)} days`,
      `Processing ${int(5, 20)}.${int(1, 9)} months at ${pick(CENTERS)}`,
      `RFE at day ${int(30, 90)}, response day ${int(91, 150)}, approved day ${int(151, 400)}`,
      `Interview at ${int(7, 11)}:${pick(['00', '15', '30', '45'])} am, room ${int(1, 300)}`,
      `${y} ${m} filed, ${y} ${month()} ${pick(MILESTONES)}`,
      `Between ${y}-${m} and ${year()}-${month()} nothing moved`,
    ]);
    add('ordinary-generated', random() < 0.2 ? toScript(text, pick(SCRIPTS)) : text);
  }
  return out;
}

const file = JSON.parse(readFileSync(FILE, 'utf8')) as CorpusFile;
file.notes = [
  ...file.notes.filter((n) => n.source !== 'generated'),
  ...generatedIdentifiers(),
  ...generatedOrdinary(),
];
writeFileSync(FILE, JSON.stringify(file, null, 2) + '\n');
console.log(`${file.notes.length} notes written to ${FILE}`);
