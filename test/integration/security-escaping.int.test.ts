/**
 * Script payloads come back escaped. The payload goes in two ways: typed into every text field
 * of the forms the demo's people can reach, and written straight into the database's text
 * columns (names of staff, children and teams; record text). Then every demo account walks the
 * pages by their links, and no HTML page may hold the payload unescaped. CSV downloads must
 * neutralise a leading formula character, as src/web/exports/csv.ts promises.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { browserClient, testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';

const payload = `<script>alert("x")</script>"'><img src=x onerror=alert(1)>`;
const unescaped = [/<script>alert/i, /<img src=x onerror/i];
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';
const formulaStart = /^[=+\-@\t\r]/;

const demo = {
  supervisor: 'supervisor@northshire.example',
  practitioner: 'practitioner@northshire.example',
  seniorManager: 'senior.manager@northshire.example',
  auditor: 'auditor@northshire.example',
  admin: 'admin@northshire.example',
  investigator: 'investigator@northshire.example',
  inspector: 'inspector@northshire.example',
};

type Client = ReturnType<typeof browserClient>;
type Form = { page: string; action: string; body: URLSearchParams; textFields: string[] };

const decode = (text: string) =>
  text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');

const attribute = (attrs: string, name: string) =>
  new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(attrs)?.[1];

/** The address with its ids and numbers generalised, so one of each kind of page is enough. */
const pattern = (url: string) =>
  url
    .split('?')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\/\d[\d-]*(?=\/|$)/g, '/:n');

function links(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)/g)]
    .map((m) => decode(m[1]!))
    .filter((href) => !/^\/(assets|govuk|public)\/|^\/\//.test(href));
}

let emailCounter = 0;

/** The page's POST forms, filled as a person would, with the payload in every free-text field. */
function formsOn(page: string, html: string): Form[] {
  const found: Form[] = [];
  for (const [, attrs, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attribute(attrs!, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    if (/enctype="multipart/i.test(attrs!)) continue;
    const action = decode(attribute(attrs!, 'action') || page);
    const body = new URLSearchParams();
    const textFields: string[] = [];
    const radios = new Map<string, string>();
    for (const [, input] of inner!.matchAll(/<input\b([^>]*)>/g)) {
      const name = attribute(input!, 'name');
      if (!name) continue;
      const type = (attribute(input!, 'type') ?? 'text').toLowerCase();
      const value = decode(attribute(input!, 'value') ?? '');
      const checked = /\bchecked\b/.test(input!);
      if (type === 'radio') {
        if (checked || !radios.has(name)) radios.set(name, value);
      } else if (type === 'checkbox') {
        if (checked) body.append(name, value);
      } else if (type === 'hidden') body.append(name, value);
      else body.append(name, textValue(name, type, input!, value, textFields));
    }
    for (const [name, value] of radios) body.append(name, value);
    for (const [, textarea] of inner!.matchAll(/<textarea\b([^>]*)>/g)) {
      const name = attribute(textarea!, 'name');
      if (!name) continue;
      body.append(name, payload);
      textFields.push(name);
    }
    for (const [, select, options] of inner!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(select!, 'name');
      const values = [...options!.matchAll(/<option\b([^>]*)>/g)].map(([, o]) => ({
        value: decode(attribute(o!, 'value') ?? ''),
        selected: /\bselected\b/.test(o!),
      }));
      const chosen = values.find((o) => o.selected) ?? values.find((o) => o.value !== '');
      if (name && chosen) body.append(name, chosen.value);
    }
    if (textFields.length) found.push({ page, action, body, textFields });
  }
  return found;
}

/** A free-text field gets the payload; dates, numbers and emails stay valid so the form saves. */
function textValue(name: string, type: string, input: string, value: string, text: string[]) {
  const today = new Date();
  const part = /-(day|month|year)$/.exec(name)?.[1];
  if (part) {
    if (value) return value;
    return String(
      part === 'day'
        ? today.getDate()
        : part === 'month'
          ? today.getMonth() + 1
          : today.getFullYear(),
    );
  }
  if (type === 'email' || /email/i.test(name))
    return value || `xss-${++emailCounter}@northshire.example`;
  if (type === 'number' || /inputmode="(numeric|decimal)"/.test(input)) return value || '1';
  // Codes, times and numbers have formats of their own; a payload there only fails the form.
  if (/(^|[a-z])(id|Id)$|hours|Hours|At$|phone|Phone|Number$/.test(name))
    return (
      value || (/At$/.test(name) ? '10:00' : /hours/i.test(name) ? '37' : `XSS${++emailCounter}`)
    );
  if (type === 'password') return value;
  text.push(name);
  return payload;
}

/** Forms whose effect would end the walk or undo what the others typed. */
const leaveAlone =
  /\/sign-out|\/revoke|\/abandon|\/confirm|\/read-all|\/remove|\/end$|\/close|\/reopen|\/return-to-draft|keepalive|\/import/;

describe('script payloads come back escaped', { timeout: 600_000 }, async () => {
  const { app, pool } = await testApp();
  const problems: string[] = [];
  const escapedOn = new Set<string>();
  const csvCells = { checked: 0, guarded: 0 };

  /** Checks one response; returns its HTML (or '' for anything else). */
  function inspect(url: string, response: Awaited<ReturnType<Client['get']>>): string {
    const type = String(response.headers['content-type'] ?? '');
    if (response.statusCode >= 500) problems.push(`${url}: ${response.statusCode}`);
    if (type.includes('text/html')) {
      for (const raw of unescaped)
        if (raw.test(response.body)) problems.push(`${url}: unescaped ${raw.source}`);
      if (response.body.includes(escaped)) escapedOn.add(pattern(url));
      return response.body;
    }
    if (type.includes('text/csv')) {
      for (const cell of csvRecords(response.body).flat()) {
        if (!cell.includes('alert(')) continue;
        csvCells.checked++;
        if (cell.startsWith("'")) csvCells.guarded++;
        if (formulaStart.test(cell)) problems.push(`${url}: CSV cell starts a formula: ${cell}`);
      }
    }
    return '';
  }

  /** A walk by links from the home page, one or a few pages of each kind. */
  async function walk(
    client: Client,
    limit: number,
    perKind: number,
    onPage?: (url: string, html: string) => void,
  ) {
    const seen = new Set<string>(['/']);
    const kinds = new Map<string, number>();
    const queue = ['/'];
    let pages = 0;
    while (queue.length && pages < limit) {
      const url = queue.shift()!;
      const response = await client.get(url);
      pages++;
      const html = inspect(url, response);
      onPage?.(url, html);
      for (const next of links(html)) {
        if (seen.has(next)) continue;
        seen.add(next);
        const kind = pattern(next);
        if ((kinds.get(kind) ?? 0) >= perKind) continue;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        queue.push(next);
      }
    }
    return pages;
  }

  async function signedIn(email: string) {
    const client = browserClient(app);
    const response = await client.signIn(email);
    if (response.statusCode !== 303) throw new Error(`could not sign in as ${email}`);
    return client;
  }

  it('escapes the payload typed into every free-text field of the forms', async () => {
    const done = new Set<string>();
    let submitted = 0;
    const report: string[] = [];
    let saved = 0;
    const submit = async (client: Client, form: Form, depth: number): Promise<void> => {
      const key = `${pattern(form.action)} ${form.textFields.join(',')}`;
      if (done.has(key) || leaveAlone.test(form.action)) return;
      done.add(key);
      submitted++;
      report.push(`${pattern(form.action)} [${form.textFields.join(', ')}]`);
      const sent = await app.inject({
        method: 'POST',
        url: form.action,
        headers: {
          cookie: client.jar.header(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: form.body.toString(),
      });
      inspect(`POST ${form.action}`, sent);
      const location = String(sent.headers.location ?? '');
      if (sent.statusCode !== 303 || !location.startsWith('/')) return;
      saved++;
      report[report.length - 1] += ' saved';
      // Starting a thing often leads to its form (a new record to its sections): fill that too.
      if (depth > 0) return;
      const next = await client.get(location);
      for (const then of formsOn(location, inspect(location, next))) await submit(client, then, 1);
    };
    for (const email of [
      demo.admin,
      demo.supervisor,
      demo.practitioner,
      demo.auditor,
      demo.seniorManager,
    ]) {
      const client = await signedIn(email);
      const found: Form[] = [];
      await walk(client, 120, 1, (url, html) => found.push(...formsOn(url, html)));
      for (const form of found) await submit(client, form, 0);
    }
    console.log(
      `forms with free text: ${submitted} submitted with the payload, ${saved} saved:\n${report.join('\n')}`,
    );
    expect(submitted).toBeGreaterThanOrEqual(10);
    expect(saved).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it('escapes the payload written straight into the database, on every page each account reaches', async () => {
    const seeded = await seedPayload(pool);
    let pages = 0;
    for (const email of Object.values(demo)) pages += await walk(await signedIn(email), 150, 3);
    console.log(
      `walked ${pages} pages as ${Object.keys(demo).length} accounts; payload seeded in ${seeded} rows; ` +
        `shown escaped on ${escapedOn.size} kinds of page; CSV cells with it: ${csvCells.checked} ` +
        `(${csvCells.guarded} guarded); problems: ${problems.length}`,
    );
    expect(problems).toEqual([]);
    expect(escapedOn.size).toBeGreaterThanOrEqual(20);
    for (const kind of ['/', '/staff/:id', '/children/:id', '/records/:id', '/organisation/units'])
      expect([...escapedOn], kind).toContain(kind);
    expect(csvCells.checked).toBeGreaterThan(0);
  });
});

/** Appends the payload to the text people see; names also start with a formula. */
async function seedPayload(pool: pg.Pool): Promise<number> {
  const p = `(' ' || $1::text)`;
  const statements = [
    `UPDATE staff_member SET name = '=1+2 ' || name || ${p}, job_title = job_title || ${p}`,
    `UPDATE org_unit SET name = '=1+2 ' || name || ${p}`,
    `UPDATE child SET name = '=1+2 ' || coalesce(name, 'Child') || ${p}`,
    `UPDATE user_account SET display_name = display_name || ${p}`,
    `UPDATE organisation SET name = name || ${p}`,
    `UPDATE session_agenda_item SET text = text || ${p}`,
    `UPDATE supervision_action SET description = '=1+2 ' || description || ${p},
       drop_reason = drop_reason || ${p}`,
    `UPDATE record_escalation SET reason = reason || ${p}, response = response || ${p}`,
    `UPDATE effectiveness_review SET review = review || ${p},
       supervisee_feedback = supervisee_feedback || ${p}`,
    `UPDATE obligation_waiver SET reason = reason || ${p}`,
    `UPDATE notification SET subject = subject || ${p}, body = body || ${p}`,
    `UPDATE supervision_session SET cancellation_reason = cancellation_reason || ${p}`,
    // Locked versions are fixed by a trigger, as they should be; drafts and shared ones are not.
    `UPDATE record_version SET headline = left(headline, 200) || ${p},
       answers = (SELECT coalesce(jsonb_object_agg(k, CASE WHEN jsonb_typeof(v) = 'string'
         AND length(v #>> '{}') > 30 THEN to_jsonb((v #>> '{}') || ${p}) ELSE v END), '{}')
         FROM jsonb_each(answers) AS e(k, v))
     WHERE status <> 'locked'`,
    `UPDATE supervision_agreement SET answers = (SELECT coalesce(jsonb_object_agg(k,
         CASE WHEN jsonb_typeof(v) = 'string' AND length(v #>> '{}') > 30
         THEN to_jsonb((v #>> '{}') || ${p}) ELSE v END), '{}') FROM jsonb_each(answers) AS e(k, v))
     WHERE status IN ('draft', 'awaiting_signatures')`,
  ];
  let rows = 0;
  for (const sql of statements) rows += (await pool.query(sql, [payload])).rowCount ?? 0;
  return rows;
}
