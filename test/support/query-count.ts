/**
 * Counts the SQL statements one request runs. Each statement is attributed to the asynchronous
 * context it is sent from, so requests made one after another (or work started by a request,
 * such as its audit entry) are counted apart, and nothing else the process does is counted.
 * The pool's clients are wrapped where they are handed out: `pool.query` and transactions
 * (`pool.connect()` then `client.query`) both pass through them. The tenant switch the pool
 * sends when a connection changes organisation (`SELECT oversight_enter`) is not counted: it
 * belongs to the connection (whichever one the pool hands out), not to the page.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

export type QueryLog = { count: number; statements: string[] };

const current = new AsyncLocalStorage<QueryLog>();
const wrapped = new WeakSet<object>();

function watchClient(client: pg.PoolClient): pg.PoolClient {
  if (wrapped.has(client)) return client;
  wrapped.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    const log = current.getStore();
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (log && !text?.startsWith('SELECT oversight_enter')) {
      log.count += 1;
      log.statements.push((text ?? '').replace(/\s+/g, ' ').trim());
    }
    return query(...args);
  };
  return client;
}

/**
 * Wraps the pool so that `count(fn)` reports the statements `fn` ran. Call it before the app
 * is built over the pool; the pool is changed in place and keeps working as before.
 */
export function queryCounter(pool: pg.Pool) {
  const connect = pool.connect.bind(pool) as (
    callback?: (error: Error | undefined, client?: pg.PoolClient, done?: () => void) => void,
  ) => Promise<pg.PoolClient> | undefined;
  (pool as unknown as { connect: typeof connect }).connect = (callback) => {
    if (!callback) return (connect() as Promise<pg.PoolClient>).then(watchClient);
    return connect((error, client, done) =>
      callback(error, client ? watchClient(client) : client, done),
    );
  };
  return {
    async count<T>(fn: () => Promise<T>): Promise<{ result: T; queries: QueryLog }> {
      const log: QueryLog = { count: 0, statements: [] };
      const result = await current.run(log, fn);
      return { result, queries: log };
    },
  };
}
