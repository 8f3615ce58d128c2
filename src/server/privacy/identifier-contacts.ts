/**
 * Contact details found in a note's skeleton (identifier-skeleton.ts): email addresses plain or
 * written out ("name at gmail dot com", "name (at) proton [dot] me", "@" between spaces), web
 * addresses with a scheme, "www", a bare domain or "dot"/"slash" in words, link shorteners, and
 * social media handles ("instagram @name", "reddit u/name", "discord name#1234").
 */
import type { SkeletonFinding } from './identifier-digits.ts';
import { matches } from './identifier-skeleton.ts';

/** Country and generic top-level domains people give email and web addresses under. */
const TLD = String.raw`(?:com|net|org|edu|gov|mil|int|io|co|uk|us|ca|in|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|gr|ie|ro|hu|cz|ru|ua|tr|il|ir|iq|pk|bd|lk|np|af|cn|hk|tw|jp|kr|vn|th|ph|my|sg|id|au|nz|br|mx|ar|cl|pe|ve|za|ng|gh|ke|et|eg|ma|sa|ae|info|biz|me|email|mail|app|dev|ai|xyz|online|site|ly|gl|tv|cc|ee|gd)`;
// Every address starts where a word starts: without the look-behind a long run of letters would
// be tried from each of its letters (quadratic time on a 1000-letter note).
const LOCAL = String.raw`(?<![\p{L}\p{N}_%+\-.])[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,62})`;

const EMAIL = new RegExp(String.raw`${LOCAL} ?@ ?${LABEL}(?:\.${LABEL})+`, 'gu');
/** "@" between spaces, with the dots spaced too: "name @ gmail . com". */
const EMAIL_SPACED = new RegExp(
  String.raw`${LOCAL} ?@ ?${LABEL}(?: ?\. ?${LABEL})* ?\. ?${TLD}(?![\p{L}\p{N}])`,
  'giu',
);

/** "at" and "dot" in brackets or between underscores: always an obfuscated address. */
const AT_MARKED = String.raw`(?: ?[\[({<]\s?(?:at|@)\s?[\])}>] ?| ?_at_ ?| ?-at- ?| \(a\) | ?\[@\] ?)`;
const DOT_MARKED = String.raw`(?: ?[\[({<]\s?(?:dot|\.|punto|point|punkt)\s?[\])}>] ?| ?_dot_ ?| ?-dot- ?)`;
const DOT_WORD = String.raw`(?: dot | punto | point | punkt | tochka | nokta )`;
const DOT_ANY = String.raw`(?:${DOT_MARKED}|${DOT_WORD}|\.| \. )`;
const LOCAL_WRITTEN = String.raw`(?<![\p{L}\p{N}_%+\-])[\p{L}\p{N}_%+\-]+(?:(?:${DOT_MARKED}|${DOT_WORD}|\.)[\p{L}\p{N}_%+\-]+){0,3}`;
const EMAIL_MARKED = new RegExp(
  String.raw`${LOCAL_WRITTEN}${AT_MARKED}${LABEL}(?:${DOT_ANY}${LABEL}){0,3}(?:${DOT_ANY}${TLD}(?![\p{L}\p{N}]))?`,
  'giu',
);
/** Written-out with the plain word "at": needs a "dot" and a real domain ending after it. */
const EMAIL_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])${LOCAL_WRITTEN} (?:at|arroba|chez|bei) ${LABEL}(?:${DOT_ANY}${LABEL}){0,2}(?:${DOT_MARKED}|${DOT_WORD}|\.| \. )${TLD}(?![\p{L}\p{N}])`,
  'giu',
);
/** "name at gmail": a mail provider needs no domain ending, but "works at Yahoo" is a job. */
const MAIL_PROVIDERS = String.raw`(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|protonmail|proton|aol|yandex|gmx|rediffmail|rediff|zoho|tutanota|mailru|qq)`;
const EMAIL_PROVIDER = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(${LOCAL_WRITTEN}) (?:at|arroba) ${MAIL_PROVIDERS}(?![\p{L}\p{N}])`,
  'giu',
);
/** "my gmail is jdoe92", "yahoo id: priya.s": the provider names the address. */
const EMAIL_BY_PROVIDER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${MAIL_PROVIDERS}(?: (?:id|address|account|mail))?( is ?| ?[:=\-] ?)([\p{L}\p{N}_.]{3,40})`,
  'giu',
);
/** "jdoe@gmail", the domain ending left out. */
const EMAIL_NO_TLD = new RegExp(String.raw`${LOCAL} ?@ ?${MAIL_PROVIDERS}(?![\p{L}\p{N}.])`, 'giu');
const EMAIL_CUE = /(?:e-?mail|mail|contact|reach|write|message|dm)\b[^.!?]{0,30}$/i;

function emails(text: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  const push = (m: RegExpExecArray) =>
    found.push({ kind: 'email', from: m.index, to: m.index + m[0].length });
  for (const m of matches(EMAIL, text)) push(m);
  for (const m of matches(EMAIL_SPACED, text)) push(m);
  for (const m of matches(EMAIL_MARKED, text)) push(m);
  for (const m of matches(EMAIL_WORDS, text)) push(m);
  for (const m of matches(EMAIL_NO_TLD, text)) push(m);
  for (const m of matches(EMAIL_BY_PROVIDER, text)) {
    // "my gmail is down" is news; "my gmail is jdoe92" and "gmail: jdoe" are addresses.
    const name = m[2]!;
    if (/\d|[._]\p{L}/u.test(name) || (!/is/.test(m[1]!) && !NOT_A_HANDLE.has(name.toLowerCase()))) push(m);
  }
  for (const m of matches(EMAIL_PROVIDER, text)) {
    const local = m[1]!;
    // A handle-like name ("jdoe92", "j.doe") or a cue before it ("email me: …").
    const handleLike = /[\d._]/.test(local) || /[\s[({<_-]dot[\s\])}>_-]/i.test(local);
    if (handleLike || EMAIL_CUE.test(text.slice(Math.max(0, m.index - 40), m.index))) push(m);
  }
  return found;
}

const URL_SCHEME =
  /\b(?:https?|ftp|hxxps?|h\s?t\s?t\s?p\s?s?)\s?(?::|colon)\s?(?:\/\/|slash slash|\\\\)\S*|\bwww\d?\s?\.\s?\S+/giu;
/** Generic top-level domains that do not read as English words after a missing space. */
const BARE_TLDS = 'com|net|org|gov|edu|mil|io|info|biz|app|dev|ai|xyz|ly|gl|me|tv|cc|gd|be|ee|online|site';
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![\p{L}\p{N}@.\-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(${BARE_TLDS}|(?:co|com|org|gov|ac|net)\.[a-z]{2})(?![\p{L}\p{N}])((?:[/:?#]\S*)?)` +
    String.raw`|(?<![\p{L}\p{N}@.\-])[a-z0-9-]+\.[a-z]{2}\/\S*`,
  'giu',
);
/** "example dot com", "example[.]org slash my-case", "example . com". */
const DOMAIN_WRITTEN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${LABEL}(?:(?:${DOT_MARKED}|${DOT_WORD})${LABEL}){0,2}(?:${DOT_MARKED}|${DOT_WORD}| \. )${TLD}(?![\p{L}\p{N}])(?:(?: slash |\/| \/ )[\p{L}\p{N}_\-]+)*`,
  'giu',
);
/** Link shorteners and link pages, even when their dot is missing: "bit ly/3xYz", "tinyurl abc12". */
const SHORTENER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:bit ?\.? ?ly|bitly|tinyurl|tiny ?\.? ?cc|t ?\. ?co|goo ?\. ?gl|rb ?\. ?gy|cutt ?\.? ?ly|is ?\. ?gd|ow ?\. ?ly|buff ?\. ?ly|shorturl|lnkd ?\. ?in|youtu ?\. ?be|wa ?\. ?me|t ?\. ?me|linktr ?\.? ?ee|linktree)(?: ?(?:\/|slash) ?| )[A-Za-z0-9_\-+]{3,}`,
  'giu',
);

function urls(text: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  const push = (from: number, to: number) => {
    // A sentence's closing punctuation is not part of the address.
    const trimmed = text.slice(from, to).replace(/[.,;:!?)\]'"”’]+$/, '');
    found.push({ kind: 'url', from, to: from + trimmed.length });
  };
  for (const m of matches(URL_SCHEME, text)) push(m.index, m.index + m[0].length);
  for (const m of matches(BARE_DOMAIN, text)) {
    // "approved.App", "Done.Now": a missing space before a capitalised word, not a domain.
    if (m[1] !== undefined && /^[A-Z][a-z]+$/.test(m[1]) && !m[2] && /[a-z]\.[A-Z]/.test(m[0])) continue;
    push(m.index, m.index + m[0].length);
  }
  for (const m of matches(DOMAIN_WRITTEN, text)) push(m.index, m.index + m[0].length);
  for (const m of matches(SHORTENER, text)) push(m.index, m.index + m[0].length);
  return found;
}

const PLATFORMS = String.raw`(?:instagram|insta|ig|twitter|tiktok|tik tok|telegram|tg|facebook|fb|snapchat|reddit|discord|linkedin|youtube|threads|mastodon|wechat|weixin|whats ?app|kakao(?:talk)?|vk|vkontakte|github|bluesky|bsky|skype|viber|x \(twitter\))`;
/** Words that follow a platform's name in ordinary sentences, never a handle. */
const NOT_A_HANDLE = new Set(
  'a an the is are was for to too and or but if of on in at by about also group groups page pages post posts thread threads forum forums community communities channel channels people users folks someone everyone anyone said says say told full useful helpful great good there here where when who what which that this these those it its me us them him her you only please thanks thank first now so not very really live story stories reel reels chat chats search comments anytime today tomorrow tonight instead sometime asap maybe ok okay lol guys everyone group chat dm dms inbox'.split(
    ' ',
  ),
);
const HANDLE = String.raw`@?([\p{L}\p{N}_.]{3,30})`;
const HANDLE_AT = /(?<![\p{L}\p{N}_.@])@([A-Za-z_][A-Za-z0-9_.]{2,29})(?![\p{L}\p{N}_@])/gu;
const HANDLE_REDDIT = /(?<![\p{L}\p{N}_])\/?u ?\/ ?([A-Za-z0-9_-]{3,20})/gu;
const HANDLE_DISCORD = /(?<![\p{L}\p{N}_.#])([A-Za-z][A-Za-z0-9_.]{1,31})#\d{4}(?!\d)/gu;
const HANDLE_AFTER_PLATFORM = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    // "instagram: name", "IG handle = name", "telegram id name"
    String.raw`${PLATFORMS} ?(?:handle|id|username|user ?name|account|acc|name)? ?[:=\-@] ?${HANDLE}` +
    String.raw`|${PLATFORMS} (?:handle|id|username|user ?name)(?: is)? ${HANDLE}` +
    // "my insta is name", "my telegram name"
    String.raw`|(?:my|our|his|her) ${PLATFORMS}(?: (?:handle|id|username|user ?name|account|acc))?(?: is)? ${HANDLE}` +
    // "DM me on telegram name", "find me on insta at name"
    String.raw`|(?:dm|message|msg|contact|find|follow|add|reach|ping|text|hit up) (?:me|us)(?: up)? (?:on|at|via|in) ${PLATFORMS}(?: (?:at|as|:))? ${HANDLE}` +
    String.raw`)`,
  'giu',
);
/** Words after "@" that name a place or a crowd, not a person. */
const AT_PLACES = new Set(
  'home work office uscis nvc nbc nsc tsc csc vsc ysc potomac scops asc the my our lockbox embassy consulate everyone everybody all here there admin admins mods mod moderators moderator op team guys folks people you anyone someone night noon morning'.split(
    ' ',
  ),
);
/** "case#1234", "ticket#1234": a numbered thing, not a Discord name. */
const NUMBERED_THINGS = new Set(
  'case ticket receipt form request sr no number item page step room window flight order question issue post comment reply line counter booth gate'.split(
    ' ',
  ),
);

function handles(text: string): SkeletonFinding[] {
  const found: SkeletonFinding[] = [];
  const push = (m: RegExpExecArray) =>
    found.push({ kind: 'social_handle', from: m.index, to: m.index + m[0].length });
  for (const m of matches(HANDLE_AT, text)) {
    const name = m[1]!.replace(/\.+$/, '');
    // "@NBC", "@home", "interview @Mumbai": a place. Handles are lower case or carry digits.
    if (AT_PLACES.has(name.toLowerCase()) || /^[A-Z]{2,5}$/.test(name) || /^[A-Z][a-z]+$/.test(name))
      continue;
    found.push({ kind: 'social_handle', from: m.index, to: m.index + 1 + name.length });
  }
  for (const m of matches(HANDLE_REDDIT, text)) push(m);
  for (const m of matches(HANDLE_DISCORD, text)) if (!NUMBERED_THINGS.has(m[1]!.toLowerCase())) push(m);
  for (const m of matches(HANDLE_AFTER_PLATFORM, text)) {
    const name = m.slice(1).find((g) => g !== undefined)!;
    const cleaned = name.replace(/\.+$/, '');
    if (NOT_A_HANDLE.has(cleaned.toLowerCase()) || !/\p{L}/u.test(cleaned)) continue;
    // A plain word is a handle only when it ends the sentence ("my insta is priya"); "Reddit:
    // lots of people …" and "my insta is dead lol" go on with words.
    const handleLike = /[\d_.]/.test(cleaned) || m[0].includes('@');
    const end = m.index + m[0].length - (name.length - cleaned.length);
    if (!handleLike && /^ \p{L}/u.test(text.slice(end))) continue;
    found.push({
      kind: 'social_handle',
      from: m.index,
      to: m.index + m[0].length - (name.length - cleaned.length),
    });
  }
  return found;
}

/** Every contact detail in a skeleton (overlaps are resolved by the caller). */
export function findContacts(text: string): SkeletonFinding[] {
  return [...emails(text), ...urls(text), ...handles(text)];
}
