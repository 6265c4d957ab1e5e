import { describe, expect, it } from 'vitest';
import { northumberland2024 } from '../policy/packs/northumberland-2024.ts';
import type { Template } from '../policy/schema.ts';
import { templateFor } from '../records/generic-templates.ts';
import {
  childNote,
  exportRow,
  idempotencyKey,
  type NoteSource,
  noteBody,
  noteText,
} from './note.ts';

const source = { seed: 'test', section: 'test' };

/** A group session's note in the shape the packs use: fields, a section of one answer, actions. */
const template: Template = {
  id: 'test-group',
  source,
  recordKind: 'group_supervision',
  title: 'Group supervision',
  sections: [
    {
      id: 'session',
      heading: 'The session',
      fields: [
        { id: 'lead', label: 'Who led the session:', type: 'text' },
        { id: 'safe', label: 'Is the child safe?', type: 'yes_no' },
        { id: 'rating', label: 'Risk', type: 'rag' },
        { id: 'scaling', label: 'Scaling', type: 'scale', scale: { min: 0, max: 10 } },
        { id: 'next', label: 'Next review', type: 'date' },
        { id: 'sign', label: 'Signature', type: 'signature' },
      ],
    },
    { id: 'discussion', heading: 'Discussion' },
    { id: 'empty', heading: 'Anything else' },
    {
      id: 'actions',
      heading: 'Actions agreed',
      fields: [{ id: 'list', label: 'Actions agreed', type: 'table', purpose: 'actions' }],
    },
  ],
};

const ada = 'c0000000-0000-4000-8000-00000000000a';
const ben = 'c0000000-0000-4000-8000-00000000000b';

const note: NoteSource = {
  recordId: 'r0000000-0000-4000-8000-000000000001',
  version: 2,
  date: '2026-07-01',
  template,
  headline: 'Group supervision, 1 July 2026',
  content: {
    answers: {
      'session.lead': 'Daniel Okafor',
      'session.safe': 'yes',
      'session.rating': 'amber',
      'session.scaling': 6,
      'session.next': '2026-07-29',
      discussion: 'Two families.\nBoth plans are working.',
    },
    actions: [
      {
        key: 'a',
        description: 'Visit Ada at school',
        ownerId: 'jordan',
        dueOn: '2026-07-10',
        childId: ada,
      },
      { key: 'b', description: 'Ring Ben’s school.', ownerId: 'jordan', dueOn: null, childId: ben },
      { key: 'c', description: 'Book the next group', ownerId: null, dueOn: '2026-07-20' },
    ],
    reviews: [
      { actionId: 'x1', progress: 'Done', outcome: 'completed' },
      { actionId: 'x2', progress: 'Not needed now', outcome: 'dropped', dropReason: 'Moved away' },
      { actionId: 'x3', progress: 'Started', outcome: 'open' },
    ],
  },
  authorName: 'Daniel Okafor',
  agreedAt: '2026-07-03T09:15:00.000Z',
  child: { id: ada, externalId: 'child-0042', caseId: 'LCS-1002345' },
  link: 'https://oversight.example/records/r1/versions/2',
  ownerNames: new Map([['jordan', 'Jordan Ellis']]),
  reviewed: new Map([
    ['x1', { description: 'See Ada alone', childId: ada }],
    ['x2', { description: 'Refer Ben to CAMHS', childId: ben }],
    ['x3', { description: 'Share the plan with the school', childId: null }],
  ]),
};

describe('a note for the child’s record', () => {
  it('is keyed by record, version and child, the same on every attempt', () => {
    expect(idempotencyKey('r1', 3, 'c1')).toBe('r1.3.c1');
    const made = childNote(note);
    expect(made.id).toBe(`${note.recordId}.2.${ada}`);
    expect(childNote(note)).toEqual(made);
  });

  it('carries the webhook’s fields: the child’s case number, the template as note type, who and when', () => {
    expect(childNote(note)).toMatchObject({
      recordId: note.recordId,
      version: 2,
      child: { id: ada, externalId: 'child-0042', caseId: 'LCS-1002345' },
      noteType: 'Group supervision',
      date: '2026-07-01',
      headline: 'Group supervision, 1 July 2026',
      author: 'Daniel Okafor',
      agreedAt: '2026-07-03T09:15:00.000Z',
      link: 'https://oversight.example/records/r1/versions/2',
    });
  });

  it('writes the answers under the template’s section and field titles, in words, and this child’s actions only', () => {
    expect(noteText(note)).toBe(
      [
        'The session',
        'Who led the session: Daniel Okafor',
        'Is the child safe?: Yes',
        'Risk: Amber',
        'Scaling: 6 (on a scale of 0 to 10)',
        'Next review: 29 July 2026',
        '',
        'Discussion',
        'Two families.\nBoth plans are working.',
        '',
        'Anything else',
        'Not answered',
        '',
        'Actions agreed',
        '1. Visit Ada at school. Person responsible: Jordan Ellis. By 10 July 2026.',
        '2. Book the next group. Person responsible: not chosen. By 20 July 2026.',
        '',
        'Review of actions',
        '1. See Ada alone. Progress: Done. Now: Completed.',
        '2. Share the plan with the school. Progress: Started. Now: Still open.',
      ].join('\n'),
    );
  });

  it('gives the other child their own actions and reviews', () => {
    const forBen = noteText({
      ...note,
      child: { id: ben, externalId: 'child-2', caseId: 'LCS-2' },
    });
    expect(forBen).toContain(
      '1. Ring Ben’s school. Person responsible: Jordan Ellis. No date set.\n2. Book the next group.',
    );
    expect(forBen).toContain(
      '1. Refer Ben to CAMHS. Progress: Not needed now. Now: Dropped: Moved away.',
    );
    expect(forBen).not.toContain('Visit Ada');
  });

  it('says so when nothing was agreed or reviewed', () => {
    const text = noteText({ ...note, content: { answers: {}, actions: [], reviews: [] } });
    expect(text).toContain('Actions agreed\nNo actions agreed.');
    expect(text).not.toContain('Review of actions');
    expect(text).toContain('The session\nWho led the session: Not answered');
  });

  it('puts a multi-line answer under its label', () => {
    const text = noteText({
      ...note,
      content: { ...note.content, answers: { 'session.lead': 'Daniel\nand Priya' } },
    });
    expect(text).toContain('Who led the session:\nDaniel\nand Priya');
  });

  it('names the note as the pack does: Northumberland’s planned supervision note type', () => {
    const planned = templateFor(northumberland2024, 'case_supervision');
    const made = childNote({
      ...note,
      template: planned,
      content: { ...note.content, answers: {} },
    });
    expect(made.noteType).toBe('Planned supervision');
    for (const section of planned.sections.filter(
      (s) => s.fields?.some((f) => f.type !== 'signature') ?? true,
    ))
      expect(made.text).toContain(section.heading);
  });

  it('goes to the webhook as JSON with its fields in the documented order, however it was kept', () => {
    const made = childNote(note);
    const shuffled = Object.fromEntries(Object.entries(made).reverse()) as typeof made;
    expect(noteBody(shuffled)).toBe(noteBody(made));
    expect(Object.keys(JSON.parse(noteBody(shuffled)))).toEqual([
      'id',
      'recordId',
      'version',
      'child',
      'noteType',
      'date',
      'headline',
      'text',
      'author',
      'agreedAt',
      'link',
    ]);
    expect(JSON.parse(noteBody(made))).toEqual(made);
  });

  it('is a CSV row of the export’s columns, in order', () => {
    expect(exportRow(childNote(note))).toEqual({
      note_type: 'Group supervision',
      note_date: '2026-07-01',
      headline: 'Group supervision, 1 July 2026',
      text: noteText(note),
      author: 'Daniel Okafor',
      child_id: 'child-0042',
      case_id: 'LCS-1002345',
      note_id: `${note.recordId}.2.${ada}`,
      version: 2,
    });
  });
});
