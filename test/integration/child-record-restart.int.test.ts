/**
 * A note's delivery across a crash, with real `oversight serve` processes on one PostgreSQL (as
 * test/integration/multi-process.int.test.ts runs them): the receiver takes the note and then
 * hangs; the process sending it is killed (SIGKILL) mid-request; once its job's lease runs out
 * (moved back here, in place of waiting five minutes, as the harness does) another process
 * sends it again under the same Idempotency-Key, and the receiver ends with one note. Then a
 * process killed after the acknowledgement but before marking its job done: a fresh process
 * runs the job again and sends nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { services as buildServices } from '../../src/services/index.ts';
import { freshDatabase } from '../support/database.ts';
import {
  deliveriesOf,
  deliveryJobs,
  lockedCaseNote,
  onChildRecordOn,
  startReceiver,
  writers,
} from './child-record-helpers.ts';
import { accounts, today, userIdOf } from './organisation-helpers.ts';

type Process = { name: string; child: ChildProcess; exit: Promise<number | null> };

/** Polls until `check` holds; fails with `what` after `ms`. No figure depends on the timing. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a note’s delivery when the process sending it dies', { timeout: 120_000 }, async () => {
  const began = performance.now();
  const pool = await freshDatabase();
  await loadDemoOrganisation(pool);
  const databaseUrl = (pool as unknown as { options: pg.PoolConfig }).options.connectionString!;
  const services = buildServices(repositories(pool), loadConfig({ NODE_ENV: 'test' }));
  const who = await writers(services, pool);
  const organisationId = who.daniel.user.organisationId;
  const secret = 'whsec_restart-test-secret';
  const receiver = await startReceiver(() => secret);

  const started: Process[] = [];
  afterAll(async () => {
    for (const each of started) if (each.child.exitCode === null) each.child.kill('SIGKILL');
    await Promise.all(started.map((each) => each.exit));
    await receiver.stop();
  });

  /** `oversight serve` on this database; resolves once it is listening. */
  async function serve(name: string): Promise<Process> {
    const child = spawn(process.execPath, ['bin/oversight.js', 'serve', '--port', '0'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        // The receiver is on 127.0.0.1.
        CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: 'true',
        DATABASE_URL: databaseUrl,
        // Each process links its notes to its own address, so the receiver can tell who sent.
        OVERSIGHT_BASE_URL: `http://${name.toLowerCase()}.oversight.test`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const each = { name, child, exit };
    started.push(each);
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 60_000);
      const read = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('Oversight is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      void exit.then((code) => reject(new Error(`${name} exited (${code}):\n${output.join('')}`)));
    });
    return each;
  }

  it('sends the note again from another process after the lease, and the receiver keeps one', async () => {
    await services.repos.childRecord.saveLink(
      organisationId,
      { mode: 'webhook', webhookUrl: receiver.url, secret, today: today() },
      { actorUserId: await userIdOf(pool, accounts.admin), action: 'child_record.link_saved' },
    );
    receiver.answer('hang');
    const recordId = await lockedCaseNote(services, who, {
      childId: who.children[0]!,
      date: today(),
    });
    const [delivery] = await deliveriesOf(pool, recordId);
    const key = delivery!.idempotency_key;

    const processes = await Promise.all([serve('A'), serve('B')]);
    await until('a process to send the note', () => receiver.hanging() === 1);
    const sender = new URL(receiver.requests[0]!.note.link).hostname.split('.')[0]!.toUpperCase();
    const [killed, survivor] = sender === 'A' ? processes : [processes[1], processes[0]];
    killed!.child.kill('SIGKILL');
    await killed!.exit;

    // The receiver has the note; Oversight has no answer: the job is still claimed, the
    // delivery still pending with no attempt recorded.
    expect(receiver.stored.has(key)).toBe(true);
    const [orphan] = await deliveryJobs(pool, delivery!.id);
    expect(orphan).toMatchObject({ state: 'running', attempts: 1 });
    expect((await deliveriesOf(pool, recordId))[0]).toMatchObject({
      state: 'pending',
      attempts: 0,
    });

    await pool.query(
      "UPDATE job SET locked_until = now() - interval '1 second' WHERE id = $1 AND state = 'running'",
      [orphan!.id],
    );
    // Delivered (the attempt's transaction), then its job marked done (the queue, just after).
    await until(
      `${survivor!.name} to send it again`,
      async () =>
        (await deliveriesOf(pool, recordId))[0]!.state === 'delivered' &&
        (await deliveryJobs(pool, delivery!.id))[0]!.state === 'done',
    );
    expect(receiver.requests.map((r) => [r.key, r.signature])).toEqual([
      [key, 'valid'],
      [key, 'valid'],
    ]);
    expect(receiver.requests[1]!.raw).toBe(receiver.requests[0]!.raw);
    expect([...receiver.stored.keys()]).toEqual([key]);
    expect((await deliveryJobs(pool, delivery!.id))[0]).toMatchObject({
      state: 'done',
      attempts: 2,
    });
    expect((await deliveriesOf(pool, recordId))[0]).toMatchObject({
      channel: 'webhook',
      attempts: 1,
    });
    expect(await onChildRecordOn(pool, recordId)).toBe(
      (await deliveriesOf(pool, recordId))[0]!.acknowledged_on,
    );

    // The survivor dies too, as if between the acknowledgement and marking its job done.
    survivor!.child.kill('SIGKILL');
    await survivor!.exit;
    await pool.query(
      `UPDATE job SET state = 'running', locked_until = now() - interval '1 second',
         finished_at = NULL WHERE id = $1`,
      [orphan!.id],
    );
    const restarted = await serve('C');
    await until(
      'the restarted process to run the job',
      async () => (await deliveryJobs(pool, delivery!.id))[0]!.state === 'done',
    );
    expect((await deliveryJobs(pool, delivery!.id))[0]).toMatchObject({ attempts: 3 });
    expect(receiver.requests).toHaveLength(2);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exit).toBe(0);
    console.log(
      `restart test: ${((performance.now() - began) / 1000).toFixed(1)} s from a fresh database (${sender} killed mid-request)`,
    );
  });
});
