/**
 * Helpers for the organisation and staff integration tests: find demo rows by what a person
 * would know (email, HR number, unit key), read a page's form as a browser would send it, and
 * read the error summary.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { browserClient } from '../support/app.ts';

export const accounts = {
  admin: 'admin@northshire.example',
  supervisor: 'supervisor@northshire.example',
  practitioner: 'practitioner@northshire.example',
  seniorManager: 'senior.manager@northshire.example',
};

export async function signedIn(app: FastifyInstance, email: string) {
  const client = browserClient(app);
  const response = await client.signIn(email);
  if (response.statusCode !== 303) throw new Error(`could not sign in as ${email}`);
  return client;
}

/** A staff member's id by their HR number (the demo's staff keys). */
export async function staffIdOf(pool: pg.Pool, externalId: string): Promise<string> {
  const { rows } = await pool.query('SELECT id FROM staff_member WHERE external_id = $1', [
    externalId,
  ]);
  if (!rows[0]) throw new Error(`no staff member ${externalId}`);
  return rows[0].id;
}

export async function unitIdOf(pool: pg.Pool, externalId: string): Promise<string> {
  const { rows } = await pool.query('SELECT id FROM org_unit WHERE external_id = $1', [externalId]);
  if (!rows[0]) throw new Error(`no unit ${externalId}`);
  return rows[0].id;
}

export async function userIdOf(pool: pg.Pool, email: string): Promise<string> {
  const { rows } = await pool.query('SELECT id FROM user_account WHERE email = $1', [email]);
  return rows[0].id;
}

export const today = () => isoDateAt(new Date());
export const daysFromToday = (days: number) => addDays(today(), days);

/** The three fields of a GOV.UK date input. */
export function dateFields(name: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  };
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};
export const decode = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity) => entities[entity] ?? entity);

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/([\w:-]+)(?:="([^"]*)")?/g))
    out[match[1]!] = decode(match[2] ?? '');
  return out;
}

/** The fields of the page's POST form (the one posting to `action`), as a browser sends them. */
export function formOf(html: string, action?: string): Record<string, string> {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].filter(
    (form) => attributes(form[1]!).method === 'post',
  );
  const form = action ? forms.find((f) => attributes(f[1]!).action === action) : forms[0];
  if (!form) throw new Error(`no form posting to ${action ?? 'anywhere'}`);
  const body = form[2]!;
  const values: Record<string, string> = {};
  for (const match of body.matchAll(/<input\b([^>]*)>/g)) {
    const input = attributes(match[1]!);
    if (!input.name) continue;
    if ((input.type === 'radio' || input.type === 'checkbox') && !('checked' in input)) continue;
    values[input.name] = input.value ?? '';
  }
  for (const match of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const select = attributes(match[1]!);
    const chosen = [...match[2]!.matchAll(/<option\b([^>]*)>/g)]
      .map((option) => attributes(option[1]!))
      .find((option) => 'selected' in option);
    if (select.name) values[select.name] = chosen?.value ?? '';
  }
  return values;
}

/**
 * A form as a browser sends it, its textareas included, without the submit button named
 * `button` (the tests add the button they press).
 */
export function filledFormOf(html: string, action: string, button: string): Record<string, string> {
  const values = formOf(html, action);
  const form = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find(
    (f) => f[1] === action,
  );
  for (const match of (form?.[2] ?? '').matchAll(
    /<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g,
  ))
    values[match[1]!] = decode(match[2]!).replace(/^\n/, '');
  delete values[button];
  return values;
}

/** The error summary's links: text and the field each points to. */
export function errorSummary(html: string): { text: string; href: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((match) => ({
    href: match[1]!,
    text: decode(match[2]!.trim()),
  }));
}

/** The page's text with tags removed and spaces collapsed, for "the page says" checks. */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  );
}
