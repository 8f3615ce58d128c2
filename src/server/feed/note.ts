/**
 * Notes are plain text. They are never parsed as HTML or markdown: renderers escape them, and
 * this module only decides how much to show before the reader asks for the rest.
 */

export const COLLAPSE_AFTER_CHARS = 320;
export const COLLAPSE_AFTER_LINES = 5;

export interface NoteView {
  /** The whole note, line breaks kept (render with white-space: pre-line). */
  text: string;
  /** A shorter opening when the note is long enough to collapse; undefined otherwise. */
  preview?: string;
}

export function noteView(note: string): NoteView {
  const text = note.replace(/\r\n?/g, '\n').trim();
  const lines = text.split('\n');
  if (text.length <= COLLAPSE_AFTER_CHARS && lines.length <= COLLAPSE_AFTER_LINES) return { text };
  let preview = lines.slice(0, COLLAPSE_AFTER_LINES - 1).join('\n');
  if (preview.length > COLLAPSE_AFTER_CHARS - 80) {
    preview = preview.slice(0, COLLAPSE_AFTER_CHARS - 80);
    const lastSpace = preview.lastIndexOf(' ');
    if (lastSpace > preview.length / 2) preview = preview.slice(0, lastSpace);
  }
  return { text, preview: `${preview.trimEnd()}…` };
}
