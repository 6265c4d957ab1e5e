/** Output and file reading for the policy and evaluate commands, replaceable in tests. */
import { readFile } from 'node:fs/promises';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readText(path: string): Promise<string>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readText: (path) => readFile(path, 'utf8'),
};

/** Reads and parses a JSON file; on failure reports one line and returns undefined. */
export async function readJson(
  io: CliIo,
  path: string,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await io.readText(path);
  } catch (error) {
    io.err(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    io.err(`$: expected JSON (${(error as Error).message})`);
    return { ok: false };
  }
}
