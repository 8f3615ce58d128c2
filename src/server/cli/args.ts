/** Parsing of CLI option values, with messages that name the option. */
import { UsageError } from './run.ts';

/** A whole number ≥ 1 from `--name value`, or the fallback when the option is absent. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}
