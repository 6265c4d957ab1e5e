import { describe, expect, it } from 'vitest';
import { applyOverrides } from './overrides.ts';
import { getPack, listPacks, packIds } from './registry.ts';
import { ruleListKeys } from './schema.ts';
import { validatePack } from './validate.ts';

const seeds = {
  'northumberland-2024': '000_e52dd64b6004ea86.txt',
  'systemic-4x4x4': '001_3043796a7675463e.txt',
  manchester: '002_5c1b4389941b03df.txt',
  'leeds-schools-clusters': '003_f53ac6b3f28a7d99.txt',
  'durham-one-point-2022': '004_6931e96770cda4b3.txt',
};

describe('built-in packs', () => {
  it('are the five seeds, in order', () => {
    expect(packIds()).toEqual(Object.keys(seeds));
  });

  it.each(listPacks().map((p) => [p.id, p] as const))(
    '%s is valid and every rule cites its own seed',
    (id, pack) => {
      expect(validatePack(pack)).toMatchObject({ ok: true });
      expect(pack.seed).toBe(seeds[id as keyof typeof seeds]);
      for (const key of ruleListKeys) {
        for (const rule of pack[key] ?? []) {
          expect(rule.source.seed, `${key}/${rule.id}`).toBe(pack.seed);
          expect(rule.source.section.length, `${key}/${rule.id}`).toBeGreaterThan(0);
        }
      }
    },
  );

  it('Northumberland has no staff or case frequency (the seed defers to another policy)', () => {
    const pack = getPack('northumberland-2024');
    expect(pack?.staffSupervision).toEqual([]);
    expect(pack?.caseSupervision).toEqual([]);
    expect(pack?.recordingDeadlines).toEqual([]);
  });

  it('unknown ids are undefined', () => {
    expect(getPack('nowhere')).toBeUndefined();
  });
});

describe('validation problems name the JSON path and what was expected', () => {
  it('one line per problem', () => {
    const pack = structuredClone(getPack('manchester')!) as unknown as Record<string, unknown>;
    const staff = pack.staffSupervision as Record<string, unknown>[];
    (staff[0] as Record<string, unknown>).frequency = {
      kind: 'every',
      period: { unit: 'fortnights', count: 0 },
    };
    (staff[1] as Record<string, unknown>).colour = 'blue';
    delete pack.name;
    const result = validatePack(pack);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      '$.name: expected string (missing)',
      '$.staffSupervision[0].frequency.period.unit: expected one of "days"|"working_days"|"weeks"|"months"',
      '$.staffSupervision[0].frequency.period.count: Too small: expected number to be >0',
      '$.staffSupervision[1].colour: expected no such field (unknown field)',
    ]);
  });

  it('a duplicate rule id', () => {
    const pack = structuredClone(getPack('durham-one-point-2022')!);
    pack.caseSupervision.push(pack.caseSupervision[0]!);
    const result = validatePack(pack);
    expect(result).toEqual({
      ok: false,
      problems: [
        '$.caseSupervision[5].id: expected a unique rule id ("most-concern-monthly" is also $.caseSupervision[0].id)',
      ],
    });
  });

  it('an unknown frequency kind', () => {
    const pack = structuredClone(getPack('leeds-schools-clusters')!) as unknown as {
      staffSupervision: { frequency: unknown }[];
    };
    pack.staffSupervision[0]!.frequency = { kind: 'fortnightly' };
    const result = validatePack(pack);
    expect(result.ok ? [] : result.problems).toEqual([
      '$.staffSupervision[0].frequency.kind: expected one of the known kinds',
    ]);
  });
});

describe('overrides sit on top of the pack, merged by rule id', () => {
  const durham = getPack('durham-one-point-2022')!;

  it('changes one field of a rule and keeps the rest', () => {
    const result = applyOverrides(durham, {
      caseSupervision: [
        { id: 'open-over-6-months-monthly', interval: { unit: 'weeks', count: 8 } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const rule = result.value.caseSupervision.find((r) => r.id === 'open-over-6-months-monthly');
    expect(rule?.interval).toEqual({ unit: 'weeks', count: 8 });
    expect(rule?.source).toEqual(durham.caseSupervision[3]?.source);
    expect(durham.caseSupervision[3]?.interval).toEqual({ unit: 'months', count: 1 });
  });

  it('removes a rule and adds a new one', () => {
    const result = applyOverrides(durham, {
      pdr: [{ id: 'annual-pdr', remove: true }],
      staffSupervision: [
        {
          id: 'local-probation',
          source: { seed: 'local policy', section: 'Probation' },
          match: { probation: true },
          frequency: { kind: 'every', period: { unit: 'weeks', count: 2 } },
        },
      ],
      dueSoonLead: { count: 10 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pdr).toEqual([]);
    expect(result.value.staffSupervision.map((r) => r.id)).toContain('local-probation');
    expect(result.value.dueSoonLead).toEqual({ unit: 'working_days', count: 10 });
  });

  it('reports problems in the merged pack and unknown ids to remove', () => {
    const result = applyOverrides(durham, {
      observations: [{ id: 'one-observation-a-year', count: -1 }],
      pdr: [{ id: 'nope', remove: true }],
    });
    expect(result).toEqual({
      ok: false,
      problems: ['$.pdr[0].id: expected the id of a rule in the pack'],
    });
    const merged = applyOverrides(durham, {
      observations: [{ id: 'one-observation-a-year', count: -1 }],
    });
    expect(merged).toEqual({
      ok: false,
      problems: ['$.observations[0].count: Too small: expected number to be >0'],
    });
  });
});
