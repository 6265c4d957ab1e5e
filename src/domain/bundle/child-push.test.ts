import { describe, expect, it } from 'vitest';
import {
  mergePushedChild,
  type PushedChild,
  pushOptionalFields,
  pushSchema,
} from './child-push.ts';
import type { BundleChild } from './schema.ts';

const stored: BundleChild = {
  id: '1002345',
  caseId: 'LCS-1002345',
  name: 'Sam Taylor',
  dateOfBirth: '2016-05-04',
  openedAt: '2025-01-10',
  closedAt: '2026-02-01',
  statuses: [{ status: 'child_in_need', from: '2025-01-10', to: '2026-02-01' }],
  flags: [{ flag: 'most_concern', from: '2025-05-01' }],
  allocations: [{ workerId: 'E1001', role: 'key_worker', from: '2025-01-10' }],
  events: [{ kind: 'panel_preparation', date: '2025-05-01' }],
};

/** The source's view with only the required fields. */
const bare: PushedChild = {
  id: stored.id,
  caseId: stored.caseId,
  openedAt: stored.openedAt,
  statuses: [{ status: 'child_protection', from: '2026-03-01' }],
  flags: [],
  allocations: [],
};

describe('mergePushedChild', () => {
  it('keeps every optional field the push leaves out, and replaces the episode lists', () => {
    expect(mergePushedChild(bare, stored)).toEqual({
      ...stored,
      statuses: bare.statuses,
      flags: [],
      allocations: [],
    });
  });

  it('clears a field sent as null, and events sent as an empty list', () => {
    const merged = mergePushedChild(
      { ...bare, name: null, closedAt: null, dateOfBirth: '2016-05-05', events: [] },
      stored,
    );
    expect(merged).not.toHaveProperty('name');
    expect(merged).not.toHaveProperty('closedAt');
    expect(merged.dateOfBirth).toBe('2016-05-05');
    expect(merged.events ?? []).toEqual([]);
    expect(mergePushedChild({ ...bare, events: null }, stored)).not.toHaveProperty('events');
  });

  it('makes a new child of what was sent, without the nulls', () => {
    expect(mergePushedChild({ ...bare, name: null }, undefined)).toEqual(bare);
  });
});

describe('pushSchema', () => {
  it('takes null for every optional field of the bundle’s child, and for no required one', () => {
    expect(pushOptionalFields).toEqual(
      expect.arrayContaining(['name', 'dateOfBirth', 'expectedDateOfBirth', 'closedAt', 'events']),
    );
    const nulls = Object.fromEntries(pushOptionalFields.map((k) => [k, null]));
    expect(pushSchema.safeParse({ children: [{ ...bare, ...nulls }] }).success).toBe(true);
    expect(pushSchema.safeParse({ children: [{ ...bare, openedAt: null }] }).success).toBe(false);
    expect(pushSchema.safeParse({ children: [{ ...bare, flags: null }] }).success).toBe(false);
  });
});
