import { describe, expect, it } from 'vitest';
import {
  keepHidden,
  newSupervisors,
  overlay,
  type TransferFacts,
  type TransferSubject,
  transferAccess,
} from './rules.ts';

const record = (over: Partial<TransferSubject> = {}): TransferSubject => ({
  kind: 'personal_supervision',
  date: '2026-01-10',
  authorId: 'daniel',
  supervisee: { id: 'jordan', supervisorIds: ['sarah'], lineManagerId: 'sarah' },
  ...over,
});

const danielUntilMarch = { supervisorId: 'daniel', startsOn: '2020-01-01', endsOn: '2026-03-01' };
const sarahFromMarch = { supervisorId: 'sarah', startsOn: '2026-03-02', endsOn: null };

const facts = (over: Partial<TransferFacts> = {}): TransferFacts => ({
  policy: { consent: 'required', redaction: true },
  spans: [danielUntilMarch, sarahFromMarch],
  decisions: {},
  authorManagers: ['priya', 'margaret', 'daniel'],
  ...over,
});

describe('newSupervisors', () => {
  it('names who took over after the record, once its writer no longer supervises', () => {
    expect(newSupervisors(record(), [danielUntilMarch, sarahFromMarch])).toEqual(['sarah']);
  });

  it('names no one while the writer still supervises or line manages the supervisee', () => {
    const still = record({
      supervisee: { id: 'jordan', supervisorIds: ['sarah'], lineManagerId: 'daniel' },
    });
    expect(newSupervisors(still, [sarahFromMarch])).toEqual([]);
  });

  it('leaves out whoever already supervised the supervisee on the record’s date (cover then)', () => {
    const coverThen = { supervisorId: 'sarah', startsOn: '2026-01-01', endsOn: '2026-01-31' };
    expect(newSupervisors(record(), [danielUntilMarch, coverThen, sarahFromMarch])).toEqual([]);
  });

  it('counts a new line manager without a relationship as taking over', () => {
    const lineManaged = record({
      supervisee: { id: 'jordan', supervisorIds: [], lineManagerId: 'gareth' },
    });
    expect(newSupervisors(lineManaged, [danielUntilMarch])).toEqual(['gareth']);
  });

  it('passes only personal supervision, observations and PDRs', () => {
    expect(newSupervisors(record({ kind: 'case_supervision' }), [])).toEqual([]);
    expect(newSupervisors(record({ kind: 'handover_note' }), [])).toEqual([]);
    expect(newSupervisors(record({ kind: 'direct_observation' }), [])).toEqual(['sarah']);
  });
});

describe('transferAccess', () => {
  it('holds the record back until the supervisee agrees, where the pack asks', () => {
    expect(transferAccess(record(), facts()).heldBackFrom).toEqual(['sarah']);
    expect(
      transferAccess(record(), facts({ decisions: { sarah: 'declined' } })).heldBackFrom,
    ).toEqual(['sarah']);
    expect(transferAccess(record(), facts({ decisions: { sarah: 'given' } })).heldBackFrom).toEqual(
      [],
    );
  });

  it('holds nothing back where the pack asks for no agreement, and lets no one redact', () => {
    const free = facts({ policy: { consent: 'not_required', redaction: false } });
    expect(transferAccess(record(), free)).toEqual({ heldBackFrom: [], redactors: [] });
  });

  it('lets the original supervisor’s managers redact, never the writer, once there is a change', () => {
    expect(transferAccess(record(), facts()).redactors).toEqual(['priya', 'margaret']);
    const noChange = record({
      supervisee: { id: 'jordan', supervisorIds: ['daniel'], lineManagerId: 'daniel' },
    });
    expect(transferAccess(noChange, facts()).redactors).toEqual([]);
  });

  it('keeps today’s behaviour without facts (a pack silent on it, or a case record)', () => {
    expect(transferAccess(record(), undefined)).toEqual({ heldBackFrom: [], redactors: [] });
  });
});

describe('overlay', () => {
  const content = {
    answers: { 'a.b': 'One worry. Another worry. One worry.', 'a.c': 'Untouched', 'a.n': 3 },
    actions: [],
    reviews: [],
  };

  it('replaces every occurrence of the passage in its own answer only', () => {
    const shown = overlay(content, [
      { field: 'a.b', passage: 'One worry', replacement: '[redacted]' },
      { field: 'a.n', passage: '3', replacement: '[redacted]' },
    ]);
    expect(shown.answers).toEqual({
      'a.b': '[redacted]. Another worry. [redacted].',
      'a.c': 'Untouched',
      'a.n': 3,
    });
    expect(content.answers['a.b']).toBe('One worry. Another worry. One worry.');
  });
});

describe('keepHidden', () => {
  const hidden = { field: 'a.b', passage: 'One worry', replacement: '[redacted]' };
  const stored = { 'a.b': 'One worry. Another.', 'a.c': 'Untouched' };

  it('keeps the stored words of an answer sent back as it was shown', () => {
    expect(keepHidden({ 'a.b': '[redacted]. Another.', 'a.c': 'New' }, stored, [hidden])).toEqual({
      'a.b': 'One worry. Another.',
      'a.c': 'New',
    });
  });

  it('puts the passage back where the replacement stands in an edited answer', () => {
    expect(keepHidden({ 'a.b': '[redacted]. Another. More.' }, stored, [hidden])).toEqual({
      'a.b': 'One worry. Another. More.',
    });
  });

  it('leaves an edited answer hiding two passages as it was sent: which is which is unknown', () => {
    const two = [hidden, { ...hidden, passage: 'Another' }];
    expect(keepHidden({ 'a.b': '[redacted]. [redacted]. More.' }, stored, two)).toEqual({
      'a.b': '[redacted]. [redacted]. More.',
    });
  });
});
