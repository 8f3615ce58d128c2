/** Runs a CLI's main: any failure becomes one clear line on stderr and a non-zero exit. */
export class UsageError extends Error {}

export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exit(error instanceof UsageError ? 64 : 1);
    },
  );
}
