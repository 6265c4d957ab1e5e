import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.ts';
import type { CliIo } from './cli-io.ts';
import { evaluateCommand } from './evaluate.ts';

const example = new URL('../../../examples/bundle-small.json', import.meta.url);

function io(overrides: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const fake: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readText: async (path) => overrides[path] ?? readFile(path, 'utf8'),
  };
  return { fake, out, err };
}

describe('oversight evaluate', () => {
  it('--json prints the obligations of the example bundle, needing no database', async () => {
    const { fake, out, err } = io();
    expect(await evaluateCommand([example.pathname, '--as-of', '2026-11-23', '--json'], fake)).toBe(
      0,
    );
    expect(err).toEqual([]);
    const result = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({
      organisation: 'org-example',
      policy: 'systemic-4x4x4',
      asOf: '2026-11-23',
    });
    const ids = result.obligations.map((o: { id: string }) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.obligations).toContainEqual(
      expect.objectContaining({
        kind: 'case_supervision',
        subject: { kind: 'child', id: 'ch-1' },
        workerId: 'st-sw',
        dueDate: '2026-11-15',
        state: 'overdue',
        rule: expect.objectContaining({ id: 'child-protection-2-monthly' }),
      }),
    );
  });

  it('is deterministic', async () => {
    const a = io();
    const b = io();
    await evaluateCommand([example.pathname, '--as-of', '2026-11-23', '--json'], a.fake);
    await evaluateCommand([example.pathname, '--as-of', '2026-11-23', '--json'], b.fake);
    expect(a.out).toEqual(b.out);
  });

  it('--policy runs another pack; without --json prints a summary', async () => {
    const { fake, out } = io();
    expect(
      await evaluateCommand(
        [example.pathname, '--as-of', '2026-11-23', '--policy', 'manchester'],
        fake,
      ),
    ).toBe(0);
    expect(out[0]).toMatch(/obligations as of 2026-11-23 \(manchester\)$/);
  });

  it('a half-valid bundle: non-zero, one line per problem, nothing evaluated', async () => {
    const bundle = JSON.parse(await readFile(example, 'utf8'));
    bundle.staff[0].contractedHours = 'full';
    bundle.sessions[0].date = 'yesterday';
    const { fake, out, err } = io({ 'bad.json': JSON.stringify(bundle) });
    expect(await evaluateCommand(['bad.json', '--as-of', '2026-11-23', '--json'], fake)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      '$.staff[0].contractedHours: expected number, received string',
      '$.sessions[0].date: expected a date YYYY-MM-DD',
    ]);
  });

  it('invalid overrides are reported under the organisation', async () => {
    const bundle = JSON.parse(await readFile(example, 'utf8'));
    bundle.organisation.overrides = {
      caseSupervision: [{ id: 'care-leavers-3-monthly', interval: { unit: 'years', count: 1 } }],
    };
    const { fake, err } = io({ 'bad.json': JSON.stringify(bundle) });
    expect(await evaluateCommand(['bad.json', '--as-of', '2026-11-23'], fake)).toBe(1);
    expect(err).toEqual([
      '$.organisation.overrides.caseSupervision[7].interval.unit: expected one of "days"|"working_days"|"weeks"|"months"',
    ]);
  });

  it('usage errors are UsageErrors, which the CLI exits 2 on', async () => {
    const { fake } = io();
    await expect(evaluateCommand([example.pathname], fake)).rejects.toThrow(UsageError);
    await expect(
      evaluateCommand([example.pathname, '--as-of', '23/11/2026'], fake),
    ).rejects.toThrow(UsageError);
  });
});
