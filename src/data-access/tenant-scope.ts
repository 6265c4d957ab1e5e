/**
 * Whose rows a database connection may see. PostgreSQL's row-level security (migration 0016)
 * reads the setting `oversight.organisation_id`; this module decides its value for each query
 * from the asynchronous context the query is made in:
 *   - inside a request, once the signed-in account is known: that account's organisation;
 *   - everywhere else (sign-in before the account is known, jobs, the CLI, tests): 'all'.
 * The pool below applies it each time a connection is handed out, so no query can forget it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

type Scope = { organisationId?: string };

const scopes = new AsyncLocalStorage<Scope>();

/** Every organisation's rows: the system's own work, outside any signed-in request. */
export const allOrganisations = 'all';

/** Runs `fn` in a new scope whose organisation is set later, by `enterOrganisation`. */
export function inRequestScope<T>(fn: () => T): T {
  return scopes.run({}, fn);
}

/**
 * From here to the end of the current request (or `withOrganisation` block), queries see only
 * this organisation's rows. Once set it never widens: a request belongs to one organisation.
 */
export function enterOrganisation(organisationId: string): void {
  const scope = scopes.getStore();
  if (scope && scope.organisationId === undefined) scope.organisationId = organisationId;
}

/** Runs `fn` seeing only one organisation's rows (jobs and tests that act for one tenant). */
export function withOrganisation<T>(organisationId: string, fn: () => T): T {
  return scopes.run({ organisationId }, fn);
}

/** The organisation whose rows queries made here may see, or 'all'. */
export function currentTenant(): string {
  return scopes.getStore()?.organisationId ?? allOrganisations;
}

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: () => void,
) => void;

const tenantOf = new WeakMap<pg.PoolClient, string>();

/**
 * A pool whose connections carry the current tenant and the role that goes with it
 * (`oversight_app` for one organisation, `oversight_system` for all; migration 0016). They are
 * set only when a connection changes tenant, so one council's deployment pays once per connection.
 */
export class TenantPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    // Read now, in the caller's context: the callbacks below run in the pool's.
    const tenant = currentTenant();
    const ready = super.connect().then((client) => scoped(client, tenant));
    if (!callback) return ready;
    ready.then(
      (client) => callback(undefined, client, () => client.release()),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }
}

async function scoped(client: pg.PoolClient, tenant: string): Promise<pg.PoolClient> {
  if (tenantOf.get(client) === tenant) return client;
  try {
    // Sets the tenant and takes the role that goes with it (migration 0016).
    await client.query('SELECT oversight_enter($1)', [tenant]);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  tenantOf.set(client, tenant);
  return client;
}

/**
 * Why row-level security would not bind this pool's connections, or undefined when it does: a
 * superuser or BYPASSRLS role passes every policy, so the switch to oversight_app must have taken.
 */
export async function rowLevelSecurityProblem(pool: pg.Pool): Promise<string | undefined> {
  const { rows } = await pool.query(
    'SELECT current_user AS role, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user',
  );
  const row = rows[0] as { role: string; bypasses: boolean } | undefined;
  if (!row?.bypasses) return undefined;
  return `the database role ${row.role} bypasses row-level security and the role oversight_app could not be used, so only the application's own queries keep organisations apart`;
}
