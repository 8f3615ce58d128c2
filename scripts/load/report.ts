// Markdown tables and the report files that benchmark runs write (bench-results/ is not committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function markdownTable(header: (string | number)[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function writeReport(name: string, markdown: string): string {
  const dir = join(new URL('../..', import.meta.url).pathname, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(path, `${markdown}\n`);
  return path;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
