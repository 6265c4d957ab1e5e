/**
 * Helpers for the child's record delivery tests: case supervision records written, shared and
 * signed through the record service as the demo's Daniel Okafor and Jordan Ellis (so they lock
 * the way the pages lock them), a webhook receiver on node:http that stores notes by their
 * idempotency key and checks each signature, and reads of the delivery rows.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { IsoDate } from '../../src/domain/calendar/period.ts';
import type { ChildNote } from '../../src/domain/child-record/note.ts';
import { verifySignature } from '../../src/domain/child-record/signature.ts';
import type { Caller } from '../../src/features/records/record-service.ts';
import type { Services } from '../../src/services/index.ts';
import type { browserClient } from '../support/app.ts';
import { accounts, staffIdOf } from './organisation-helpers.ts';

type Writers = { daniel: Caller; jordan: Caller; jordanId: string; children: string[] };

export async function writers(services: Services, pool: pg.Pool): Promise<Writers> {
  const caller = async (email: string) => {
    const user = (await services.repos.users.findByEmail(email))!;
    return { user, actor: await services.access.actorFor(user) };
  };
  const jordanId = await staffIdOf(pool, 'sw-ait-1');
  const { rows } = await pool.query(
    `SELECT DISTINCT child_id FROM child_allocation WHERE worker_id = $1 AND ends_on IS NULL
     ORDER BY child_id`,
    [jordanId],
  );
  return {
    daniel: await caller(accounts.supervisor),
    jordan: await caller(accounts.practitioner),
    jordanId,
    children: rows.map((row) => row.child_id as string),
  };
}

const answers = {
  'child-views.child-views': 'Said at school that home feels calmer since the plan started.',
  worried: 'Two health appointments missed since the review.',
  'working-well': 'Mum has kept every appointment with the family support worker.',
  'needs-to-happen': 'The health appointments are rebooked, with help to get there.',
  decisions: 'The plan stays at child in need: the worries are about missed care, not harm.',
};

/** A case supervision about `childId` on `date`, written and shared by Daniel; unsigned. */
export async function sharedCaseNote(
  services: Services,
  who: Writers,
  input: { childId: string; date: IsoDate; decisions?: string; alsoChildIds?: string[] },
): Promise<string> {
  const records = services.records;
  const started = await records.start(who.daniel, {
    kind: 'case_supervision',
    staffId: who.jordanId,
    childId: input.childId,
    date: input.date,
  });
  if (started.outcome !== 'saved') throw new Error(`not started: ${JSON.stringify(started)}`);
  // More children on one note, as a group session's record names each child discussed.
  for (const [n, childId] of (input.alsoChildIds ?? []).entries())
    await services.repos.pool.query(
      `INSERT INTO record_child (organisation_id, record_id, child_id, position)
       SELECT organisation_id, id, $2, $3 FROM supervision_record WHERE id = $1`,
      [started.id, childId, n + 1],
    );
  const saved = await records.save(who.daniel, started.id, {
    version: 1,
    revision: 1,
    answers: { ...answers, ...(input.decisions ? { decisions: input.decisions } : {}) },
  });
  if (saved.outcome !== 'saved') throw new Error(`not saved: ${JSON.stringify(saved)}`);
  const { version } = await records.shareCheck(who.daniel, started.id);
  const shared = await records.share(who.daniel, started.id, version.revision);
  if (shared.outcome !== 'shared') throw new Error(`not shared: ${JSON.stringify(shared)}`);
  return started.id;
}

/** Jordan signs: the last signature, which locks the version. */
export async function sign(services: Services, who: Writers, recordId: string) {
  const signed = await services.records.sign(who.jordan, recordId, { decision: 'agree' });
  if (signed.outcome !== 'signed' || !signed.locked)
    throw new Error(`not locked: ${JSON.stringify(signed)}`);
}

/** A case supervision written, shared and signed: its version 1 locked. */
export async function lockedCaseNote(
  services: Services,
  who: Writers,
  input: { childId: string; date: IsoDate; decisions?: string },
): Promise<string> {
  const id = await sharedCaseNote(services, who, input);
  await sign(services, who, id);
  return id;
}

export type DeliveryRow = {
  id: string;
  idempotency_key: string;
  version: number;
  child_id: string;
  state: string;
  channel: string | null;
  acknowledged_on: string | null;
  attempts: number;
  round: number;
  last_status: number | null;
  last_error: string | null;
  export_id: string | null;
};

export async function deliveriesOf(pool: pg.Pool, recordId: string): Promise<DeliveryRow[]> {
  const { rows } = await pool.query(
    `SELECT id, idempotency_key, version, child_id, state, channel, acknowledged_on, attempts,
       round, last_status, last_error, export_id
     FROM child_note_delivery WHERE record_id = $1 ORDER BY version, created_at, id`,
    [recordId],
  );
  return rows;
}

export async function onChildRecordOn(pool: pg.Pool, recordId: string): Promise<string | null> {
  const { rows } = await pool.query(
    'SELECT on_child_record_on FROM supervision_record WHERE id = $1',
    [recordId],
  );
  return rows[0].on_child_record_on;
}

/** The child_note jobs of a delivery, oldest first. */
export async function deliveryJobs(pool: pg.Pool, deliveryId: string) {
  const { rows } = await pool.query(
    `SELECT id, state, attempts, run_at, payload FROM job
     WHERE kind = 'child_note' AND payload->>'deliveryId' = $1 ORDER BY id`,
    [deliveryId],
  );
  return rows as { id: number; state: string; attempts: number; run_at: Date; payload: object }[];
}

/** How the receiver answers a request: a status, after a delay, or never. */
export type Answer =
  | {
      status: number;
      body?: string;
      delayMs?: number;
      /** Called as the request arrives; the answer waits for `until`, when given. */
      arrived?: () => void;
      until?: Promise<unknown>;
    }
  | 'hang';

export type Received = {
  key: string | undefined;
  signature: 'valid' | 'malformed' | 'too_old' | 'mismatch';
  contentType: string | undefined;
  /** The Oversight-Signature header as received. */
  header: string | undefined;
  raw: string;
  note: ChildNote;
};

/**
 * A case management system's webhook on node:http. It checks each signature and stores each
 * note once by its Idempotency-Key, as soon as it has read it (before a slow answer, or one that
 * never comes), unless it refuses the note with a 4xx. Requests are answered from `answers` in
 * turn, 200 when none are left. `stop()` closes the port, so a request finds the connection
 * refused; `start()` opens the same port again.
 */
export async function startReceiver(secret: () => string) {
  const requests: Received[] = [];
  const stored = new Map<string, ChildNote>();
  const answers: Answer[] = [];
  const hung: ServerResponse[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const key = request.headers['idempotency-key'] as string | undefined;
    const header = request.headers['oversight-signature'] as string | undefined;
    const signature = verifySignature(header, secret(), raw, Math.floor(Date.now() / 1000));
    const note = JSON.parse(raw) as ChildNote;
    requests.push({
      key,
      signature,
      contentType: request.headers['content-type'],
      header,
      raw,
      note,
    });
    const answer = answers.shift() ?? { status: 200 };
    const refused = answer !== 'hang' && answer.status >= 400 && answer.status < 500;
    if (signature === 'valid' && key && !refused && !stored.has(key)) stored.set(key, note);
    if (answer === 'hang') {
      hung.push(response);
      return;
    }
    answer.arrived?.();
    if (answer.until) await answer.until;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body ?? '{}');
  };
  const server: Server = createServer((request, response) => void handle(request, response));
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notes`,
    requests,
    stored,
    /** Answers for the next requests, in order. */
    answer: (...next: Answer[]) => answers.push(...next),
    hanging: () => hung.length,
    start: () => listen(port),
    async stop() {
      for (const response of hung.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** An administrator chooses the webhook on the delivery page; the secret it shows, once. */
export async function chooseWebhook(
  admin: ReturnType<typeof browserClient>,
  url: string,
): Promise<{ secret: string | undefined; status: number; cacheControl: unknown }> {
  await admin.get('/organisation/child-record');
  const saved = await admin.post('/organisation/child-record/link', {
    mode: 'webhook',
    webhookUrl: url,
  });
  return {
    secret: /whsec_[A-Za-z0-9_-]{43}/.exec(saved.body)?.[0],
    status: saved.statusCode,
    cacheControl: saved.headers['cache-control'],
  };
}
