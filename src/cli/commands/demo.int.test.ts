import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { freshDatabase } from '../../../test/support/database.ts';

// Loading `--scale multi` takes minutes (half a million records), so the loading itself is
// tested on a small council in src/services/demo/scale-demo.int.test.ts.
describe('oversight demo --scale', () => {
  const pool = freshDatabase();

  it('names the option and the scales allowed when the scale is unknown', async () => {
    const result = await runCli(await pool, ['demo', '--scale', 'huge']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      "oversight demo: --scale must be one of large, multi (not 'huge')",
    ]);
    expect(result.stdout).toBe('');
  });

  it('refuses a seed that is not a whole number', async () => {
    const result = await runCli(await pool, ['demo', '--scale', 'multi', '--seed', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("oversight demo: --seed must be a whole number (not 'x')");
  });

  it('explains the scales and the accounts in its help', async () => {
    const result = await runCli(await pool, ['demo', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--scale large|multi');
    expect(result.stdout).toContain('supervisor@');
  });
});
