import { type ParseArgsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {}

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
