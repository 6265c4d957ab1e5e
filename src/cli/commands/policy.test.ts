import { describe, expect, it } from 'vitest';
import { getPack } from '../../domain/policy/registry.ts';
import { UsageError } from '../args.ts';
import type { CliIo } from './cli-io.ts';
import { policyCommand } from './policy.ts';

function io(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const fake: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    },
  };
  return { fake, out, err };
}

describe('oversight policy', () => {
  it('list prints the five packs', async () => {
    const { fake, out } = io();
    expect(await policyCommand(['list'], fake)).toBe(0);
    expect(out.map((l) => l.split(' ')[0])).toEqual([
      'northumberland-2024',
      'systemic-4x4x4',
      'manchester',
      'leeds-schools-clusters',
      'durham-one-point-2022',
    ]);
  });

  it('show ID prints rules with their sources; --json prints the pack', async () => {
    const text = io();
    expect(await policyCommand(['show', 'durham-one-point-2022'], text.fake)).toBe(0);
    expect(text.out.join('\n')).toContain(
      '- full-time-nine-a-year  [004_6931e96770cda4b3.txt § 4.2 Frequency]',
    );
    const json = io();
    expect(await policyCommand(['show', 'manchester', '--json'], json.fake)).toBe(0);
    expect(JSON.parse(json.out.join('\n'))).toEqual(getPack('manchester'));
  });

  it('show with an unknown id fails', async () => {
    const { fake, err } = io();
    expect(await policyCommand(['show', 'atlantis'], fake)).toBe(1);
    expect(err[0]).toContain('unknown policy pack "atlantis"');
  });

  it('validate accepts a valid pack file', async () => {
    const { fake, out } = io({ 'pack.json': JSON.stringify(getPack('leeds-schools-clusters')) });
    expect(await policyCommand(['validate', 'pack.json'], fake)).toBe(0);
    expect(out).toEqual(['pack.json: a valid policy pack (leeds-schools-clusters)']);
  });

  it('validate: a half-valid file exits non-zero with one line per problem', async () => {
    const pack = structuredClone(getPack('leeds-schools-clusters')!) as unknown as Record<
      string,
      unknown
    >;
    pack.dueSoonLead = { unit: 'days', count: 1.5 };
    delete pack.terminology;
    const { fake, err, out } = io({ 'pack.json': JSON.stringify(pack) });
    expect(await policyCommand(['validate', 'pack.json'], fake)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      '$.dueSoonLead.count: expected int, received number',
      '$.terminology: expected record (missing)',
    ]);
  });

  it('validate: not JSON, or no file', async () => {
    const bad = io({ 'x.json': '{' });
    expect(await policyCommand(['validate', 'x.json'], bad.fake)).toBe(1);
    expect(bad.err[0]).toMatch(/^\$: expected JSON/);
    const none = io();
    expect(await policyCommand(['validate', 'nope.json'], none.fake)).toBe(1);
    expect(none.err).toEqual(['nope.json: cannot read the file (ENOENT)']);
  });

  it('usage errors are UsageErrors, which the CLI exits 2 on', async () => {
    const { fake } = io();
    await expect(policyCommand([], fake)).rejects.toThrow(UsageError);
    await expect(policyCommand(['frobnicate'], fake)).rejects.toThrow(UsageError);
    await expect(policyCommand(['list', '--colour'], fake)).rejects.toThrow(UsageError);
  });
});
