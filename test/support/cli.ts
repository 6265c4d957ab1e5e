import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type pg from 'pg';

const exec = promisify(execFile);

/** Runs `oversight <args>` against this test's database; resolves with the exit code and output. */
export async function runCli(pool: pg.Pool, args: string[]) {
  const { connectionString } = (pool as unknown as { options: pg.PoolConfig }).options;
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/oversight.js', ...args], {
      env: { ...process.env, DATABASE_URL: connectionString, LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
