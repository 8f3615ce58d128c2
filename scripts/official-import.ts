// npm run official:import -- FILE [--published YYYY-MM-DD]
// Merges a newer official collection (USCIS processing times, N-400 field offices, NVC
// timeframes, Visa Bulletin tables) into src/server/official/snapshots/. Rebuild to serve it.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { FormatError } from '../src/server/official/formats.ts';
import { SNAPSHOT_FILES, type Snapshots, mergeOfficialFile } from '../src/server/official/import.ts';

const USAGE = 'Usage: npm run official:import -- FILE [--published YYYY-MM-DD]';
const DIR = new URL('../src/server/official/snapshots/', import.meta.url);

async function readSnapshot<K extends keyof Snapshots>(name: K): Promise<Snapshots[K]> {
  return JSON.parse(await readFile(new URL(SNAPSHOT_FILES[name], DIR), 'utf8')) as Snapshots[K];
}

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { published: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`give exactly one file. ${USAGE}`);
  const file = parsed.positionals[0]!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const kept: Snapshots = {
    processingTimes: await readSnapshot('processingTimes'),
    nvc: await readSnapshot('nvc'),
    bulletin: await readSnapshot('bulletin'),
  };
  let result;
  try {
    result = mergeOfficialFile(text, kept, { published: parsed.values.published });
  } catch (error) {
    if (error instanceof FormatError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  const target = new URL(SNAPSHOT_FILES[result.snapshot], DIR);
  await writeFile(target, `${JSON.stringify(result.value)}\n`);
  process.stdout.write(
    `${file}: ${result.kind}, ${result.incoming} rows read; ${SNAPSHOT_FILES[result.snapshot]} ${result.before} → ${result.after} rows. Add its provenance to snapshots/README.md and rebuild.\n`,
  );
});
