import { describe, expect, it } from 'vitest';
import { freshDatabase, ownerOf } from '../../test/support/database.ts';
import { inTransaction, Rollback } from './transaction.ts';

describe('inTransaction', async () => {
  const pool = await freshDatabase();
  // The application's roles may not create tables; the owner's new tables are theirs to use.
  await ownerOf(pool).query('CREATE TABLE tx_probe (n int)');
  const count = async () => (await pool.query('SELECT count(*)::int AS n FROM tx_probe')).rows[0].n;
  const setting = async (name: string, options?: Parameters<typeof inTransaction>[2]) =>
    inTransaction(
      pool,
      async (client) => (await client.query(`SHOW ${name}`)).rows[0][name] as string,
      options,
    );

  it('commits what the work wrote', async () => {
    await inTransaction(pool, (client) => client.query('INSERT INTO tx_probe VALUES (1)'));
    expect(await count()).toBe(1);
  });

  it('rolls back on a Rollback, giving its value, and on an error, throwing it', async () => {
    const value = await inTransaction(pool, async (client) => {
      await client.query('INSERT INTO tx_probe VALUES (2)');
      throw new Rollback('refused');
    });
    expect(value).toBe('refused');
    await expect(
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO tx_probe VALUES (3)');
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    expect(await count()).toBe(1);
  });

  it('begins with the isolation level and access mode asked for', async () => {
    expect(await setting('transaction_isolation')).toBe('read committed');
    expect(await setting('transaction_read_only')).toBe('off');
    const snapshot = { isolation: 'repeatable read', readOnly: true } as const;
    expect(await setting('transaction_isolation', snapshot)).toBe('repeatable read');
    expect(await setting('transaction_read_only', snapshot)).toBe('on');
  });
});
