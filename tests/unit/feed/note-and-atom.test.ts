import { describe, expect, it } from 'vitest';
import { xmlText } from '../../../src/server/feed/atom.ts';
import { COLLAPSE_AFTER_CHARS, noteView } from '../../../src/server/feed/note.ts';
import { moderationNotice } from '../../../src/server/moderation/notice.ts';

describe('noteView', () => {
  it('keeps short notes whole, with their line breaks', () => {
    expect(noteView('line one\r\nline two\n')).toEqual({ text: 'line one\nline two' });
  });
  it('collapses long notes behind a preview', () => {
    const long = 'word '.repeat(COLLAPSE_AFTER_CHARS);
    const view = noteView(long);
    expect(view.text).toBe(long.trim());
    expect(view.preview!.length).toBeLessThan(COLLAPSE_AFTER_CHARS);
    expect(view.preview!.endsWith('…')).toBe(true);
  });
  it('collapses notes with many lines', () => {
    const view = noteView(['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n'));
    expect(view.preview).toBe('a\nb\nc\nd…');
  });
});

describe('xmlText', () => {
  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(xmlText(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;',
    );
    expect(xmlText('a\u0000b\u000Bc\uD800d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(xmlText('tab\tnew\nline')).toBe('tab\tnew\nline');
  });
});

describe('moderationNotice', () => {
  it('says nothing for visible timelines and explains the other states', () => {
    expect(moderationNotice('visible')).toBeNull();
    expect(moderationNotice('note_hidden')?.title).toMatch(/note is hidden/);
    expect(moderationNotice('excluded')?.body).toMatch(/statistics/);
  });
});
