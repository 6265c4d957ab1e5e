import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { periodWordsMarkdownTable } from '../../src/domain/calendar/period-words.ts';

describe('docs/policy-packs.md', () => {
  it('carries the period-words table exactly as the code defines it', () => {
    const doc = readFileSync(new URL('../../docs/policy-packs.md', import.meta.url), 'utf8');
    expect(doc).toContain(periodWordsMarkdownTable());
  });
});
