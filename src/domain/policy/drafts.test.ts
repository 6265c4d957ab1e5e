import { describe, expect, it } from 'vitest';
import { checkDraft, resolvePack } from './drafts.ts';
import { getPack } from './registry.ts';

describe('checking a policy draft', () => {
  it('takes an exported file as the pack it holds, its export note set aside', () => {
    const pack = getPack('manchester')!;
    const file = { exported: { basedOn: 'manchester', version: 3 }, ...pack };
    expect(checkDraft({ pack: file })).toEqual({ ok: true, value: pack });
  });

  it('names a base pack that is not built in', () => {
    expect(checkDraft({ basePackId: 'leeds-2030', overrides: null })).toEqual({
      ok: false,
      problems: [
        '$.basePackId: unknown pack "leeds-2030": expected one of northumberland-2024, systemic-4x4x4, manchester, leeds-schools-clusters, durham-one-point-2022',
      ],
    });
  });

  it('puts overrides on a whole imported pack as on a built-in one', () => {
    const own = { ...structuredClone(getPack('durham-one-point-2022')!), id: 'own-pack' };
    const resolved = resolvePack('own-pack', own, { terminology: { agreement: 'contract' } });
    expect(resolved.ok && resolved.value.id).toBe('own-pack');
    expect(resolved.ok && resolved.value.terminology.agreement).toBe('contract');
  });
});
