/**
 * The feed as Atom 1.0. Every text node is XML-escaped and stripped of characters XML cannot
 * carry; notes go out as type="text", so readers never interpret them as HTML. Timestamps are
 * the first day of the event's month: month-level dates only.
 */
import { formatMonth } from '../timelines/months.ts';
import { type FeedItem, type FeedPage, itemContext, sinceFilingText } from './service.ts';

// Characters outside XML 1.0's Char production, and lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function monthStamp(month: number): string {
  return `${formatMonth(month)}-01T00:00:00Z`;
}

export interface AtomLinks {
  /** The Atom document's own URL. */
  self: string;
  /** The same filter on the HTML feed. */
  html: string;
  /** The site's origin, e.g. https://casetrack.example. */
  site: string;
  title: string;
  /** Used when the feed is empty. */
  currentMonth: number;
}

export function entryTitle(item: FeedItem): string {
  return `${item.demo ? '[demo] ' : ''}${item.milestoneText} · ${itemContext(item)}`;
}

function entryText(item: FeedItem): string {
  const when =
    item.milestone === 'filed' || sinceFilingText(item) === null
      ? `${item.milestoneText} in ${item.monthText}.`
      : `${item.milestoneText} in ${item.monthText}, ${sinceFilingText(item)}.`;
  const lines = [when];
  if (item.previousText) lines.push(`Previous step: ${item.previousText}.`);
  if (item.demo) lines.push('Demo data: synthetic, not a real case.');
  if (item.note) lines.push('', item.note.text);
  return lines.join('\n');
}

function entry(item: FeedItem, links: AtomLinks): string {
  const link = `${links.html}#${item.anchor}`;
  return [
    '  <entry>',
    // The same event has the same id in every filtered feed.
    `    <id>${xmlText(`${links.site}/feed#${item.anchor}`)}</id>`,
    `    <title type="text">${xmlText(entryTitle(item))}</title>`,
    `    <updated>${monthStamp(item.month)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
    `    <category term="${xmlText(item.category)}" label="${xmlText(item.categoryText)}"/>`,
    `    <content type="text">${xmlText(entryText(item))}</content>`,
    '  </entry>',
  ].join('\n');
}

export function renderAtom(page: FeedPage, links: AtomLinks): string {
  const newest = page.items[0]?.month ?? links.currentMonth;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(links.self)}</id>`,
    `  <title type="text">${xmlText(links.title)}</title>`,
    `  <subtitle type="text">Month-level milestones shared anonymously on CaseTrack.</subtitle>`,
    `  <updated>${monthStamp(newest)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(links.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(links.html)}"/>`,
    '  <author><name>CaseTrack community</name></author>',
    ...page.items.map((item) => entry(item, links)),
    '</feed>',
    '',
  ].join('\n');
}
