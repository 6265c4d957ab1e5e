import { describe, expect, it } from 'vitest';
import type { Template } from '../policy/schema.ts';
import { answerFields, answerKey, type ContentContext, checkContent } from './answers.ts';

const source = { seed: 'test', section: 'test' };

/** A small template in the seeds' words: Manchester's scaling, the systemic actions table. */
const template: Template = {
  id: 'test-personal',
  source,
  recordKind: 'personal_supervision',
  title: 'Personal Supervision Record',
  sections: [
    { id: 'wellbeing', heading: 'Wellbeing' },
    {
      id: 'scaling',
      heading: 'Scaling',
      fields: [
        { id: 'safety', label: 'Scaling', type: 'scale', scale: { min: 0, max: 10 } },
        { id: 'change', label: 'Change for the parents / carer', type: 'scale' },
      ],
    },
    {
      id: 'details',
      heading: 'Details',
      fields: [
        { id: 'next', label: 'Date of next supervision:', type: 'date' },
        { id: 'safe', label: 'Is the child safe?', type: 'yes_no' },
        { id: 'rating', label: 'Rating', type: 'rag' },
        { id: 'format', label: 'Format', type: 'choice', options: ['In person', 'Online'] },
        { id: 'notes', label: 'Notes', type: 'table' },
      ],
    },
    {
      id: 'actions-section',
      heading: 'Actions',
      fields: [
        {
          id: 'review',
          label: 'Review of actions from previous session:',
          type: 'table',
          purpose: 'review_of_actions',
        },
        { id: 'actions', label: 'Actions to take forwards:', type: 'table', purpose: 'actions' },
      ],
    },
    {
      id: 'sign',
      heading: 'Signatures',
      fields: [{ id: 'supervisor', label: 'Signature of supervisor', type: 'signature' }],
    },
  ],
};

const context: ContentContext = {
  meetingDate: '2026-03-12',
  ownerIds: new Set(['sw', 'tm']),
  openActionIds: new Set(['act-1', 'act-2']),
  childIds: new Set(['child-1']),
  complete: false,
};

const check = (
  input: Parameters<typeof checkContent>[1],
  over: Partial<ContentContext> = {},
  t: Template = template,
) => checkContent(t, input, { ...context, ...over });

describe('answer keys and the fields a form asks', () => {
  it('keys an answer by section and field, or by section alone', () => {
    expect(answerKey('scaling', 'safety')).toBe('scaling.safety');
    expect(answerKey('wellbeing')).toBe('wellbeing');
  });

  it('lists every input in order: one text answer for a section without fields, no signatures', () => {
    expect(answerFields(template).map((f) => [f.key, f.type, f.purpose])).toEqual([
      ['wellbeing', 'text', undefined],
      ['scaling.safety', 'scale', undefined],
      ['scaling.change', 'scale', undefined],
      ['details.next', 'date', undefined],
      ['details.safe', 'yes_no', undefined],
      ['details.rating', 'rag', undefined],
      ['details.format', 'choice', undefined],
      ['details.notes', 'table', undefined],
      ['actions-section.review', 'table', 'review_of_actions'],
      ['actions-section.actions', 'table', 'actions'],
    ]);
  });

  it('names each input by its label, with its section heading beside it', () => {
    const [wellbeing, safety] = answerFields(template);
    expect(wellbeing).toMatchObject({
      label: 'Wellbeing',
      heading: 'Wellbeing',
      sectionId: 'wellbeing',
    });
    expect(safety).toMatchObject({
      label: 'Scaling',
      heading: 'Scaling',
      scale: { min: 0, max: 10 },
    });
  });

  it('a section of signature fields only asks nothing', () => {
    expect(answerFields(template).some((f) => f.sectionId === 'sign')).toBe(false);
  });
});

describe('answers', () => {
  it('keeps answers trimmed and drops empty ones, so a draft can be incomplete', () => {
    const { content, problems } = check({
      answers: {
        wellbeing: '  Jo is managing her workload.  ',
        'scaling.safety': '',
        'details.next': '   ',
        'details.notes': null,
      },
    });
    expect(problems).toEqual([]);
    expect(content.answers).toEqual({ wellbeing: 'Jo is managing her workload.' });
  });

  it.each([
    ['0', 0],
    ['10', 10],
    [' 7 ', 7],
    [6, 6],
  ])('a scale takes a whole number within its range: %j', (value, stored) => {
    const { content, problems } = check({ answers: { 'scaling.safety': value } });
    expect(problems).toEqual([]);
    expect(content.answers['scaling.safety']).toBe(stored);
  });

  it.each(['11', '-1', '7.5', 'seven', 12])('"Scaling outside 0–10" is a problem: %j', (value) => {
    expect(check({ answers: { 'scaling.safety': value } }).problems).toEqual([
      {
        field: 'answers.scaling.safety',
        message: 'Scaling must be a whole number from 0 to 10',
      },
    ]);
  });

  it('a scale without a range is asked from 0 to 10, as every seed scales', () => {
    expect(check({ answers: { 'scaling.change': '11' } }).problems[0]?.message).toBe(
      'Change for the parents / carer must be a whole number from 0 to 10',
    );
  });

  it('follows the range a template gives', () => {
    const oneToFive: Template = {
      ...template,
      sections: [
        {
          id: 'scaling',
          heading: 'Scaling',
          fields: [{ id: 'safety', label: 'Scaling', type: 'scale', scale: { min: 1, max: 5 } }],
        },
      ],
    };
    expect(check({ answers: { 'scaling.safety': '0' } }, {}, oneToFive).problems[0]?.message).toBe(
      'Scaling must be a whole number from 1 to 5',
    );
  });

  it('keeps what was typed beside its problem, so the form shows it again', () => {
    const { content } = check({
      answers: { 'scaling.safety': '11', 'details.next': '2026-02-30' },
    });
    expect(content.answers).toEqual({ 'scaling.safety': '11', 'details.next': '2026-02-30' });
  });

  it.each([
    ['2026-03-19', undefined],
    ['2028-02-29', undefined],
    ['2026-02-30', 'Date of next supervision must be a real date'],
    ['19/03/2026', 'Date of next supervision must be a real date'],
  ])('a date is a real date as YYYY-MM-DD: %s', (value, message) => {
    expect(check({ answers: { 'details.next': value } }).problems[0]?.message).toBe(message);
  });

  it.each([
    ['details.safe', 'yes', undefined],
    ['details.safe', 'no', undefined],
    ['details.safe', 'Yes', 'Select yes or no for ‘Is the child safe?’'],
    ['details.rating', 'amber', undefined],
    ['details.rating', 'orange', 'Select red, amber or green for ‘Rating’'],
    ['details.format', 'Online', undefined],
    ['details.format', 'By phone', 'Select one of the options for ‘Format’'],
  ])('%s takes its own values: %s', (key, value, message) => {
    expect(check({ answers: { [key]: value } }).problems[0]?.message).toBe(message);
  });

  it('text is up to 20,000 characters', () => {
    expect(check({ answers: { wellbeing: 'a'.repeat(20_000) } }).problems).toEqual([]);
    expect(check({ answers: { wellbeing: 'a'.repeat(20_001) } }).problems).toEqual([
      { field: 'answers.wellbeing', message: 'Wellbeing must be 20,000 characters or fewer' },
    ]);
  });

  it('a question is quoted where it starts a message', () => {
    const asked: Template = {
      ...template,
      sections: [{ id: 'worries', heading: 'What are we worried about?' }],
    };
    expect(
      check({ answers: { worries: 'a'.repeat(20_001) } }, {}, asked).problems[0]?.message,
    ).toBe('The answer to ‘What are we worried about?’ must be 20,000 characters or fewer');
  });

  it('an answer that is not text is a problem; a number is taken as text', () => {
    expect(check({ answers: { wellbeing: { html: '<b>' } } }).problems).toEqual([
      { field: 'answers.wellbeing', message: 'Wellbeing must be text' },
    ]);
    expect(check({ answers: { wellbeing: 5 } }).content.answers).toEqual({ wellbeing: '5' });
  });

  it('refuses answers to questions the template does not ask, and signature or action fields', () => {
    const { problems, content } = check({
      answers: { mood: 'fine', 'sign.supervisor': 'Mary', 'actions-section.actions': 'x' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'answers.mood',
      'answers.sign.supervisor',
      'answers.actions-section.actions',
    ]);
    expect(problems[0]?.message).toBe('‘mood’ is not a question of this record');
    expect(content.answers).toEqual({});
  });
});

describe('actions: what needs to happen, who will do it and by when', () => {
  const action = {
    description: 'Arrange a core group meeting',
    ownerId: 'sw',
    dueOn: '2026-03-26',
  };

  it('keeps a complete action, trimmed, with a key made from its place', () => {
    const { content, problems } = check({
      actions: [{ ...action, description: '  Arrange a core group meeting ', childId: 'child-1' }],
    });
    expect(problems).toEqual([]);
    expect(content.actions).toEqual([{ key: 'a1', ...action, childId: 'child-1' }]);
  });

  it('drops rows with nothing in them, and numbers the rest as the form shows them again', () => {
    const { content, problems } = check({
      actions: [{}, { description: ' ', ownerId: '', dueOn: '' }, { ownerId: 'sw' }, action],
    });
    expect(content.actions.map((a) => a.key)).toEqual(['a1', 'a2']);
    expect(problems).toEqual([
      { field: 'actions[0].description', message: 'Describe what needs to happen' },
    ]);
  });

  it('keeps a key it is given, stable across versions, and never makes one that clashes', () => {
    const { content } = check({
      actions: [
        action,
        { ...action, key: 'a1' },
        { ...action, key: 'k7' },
        { ...action, key: 'k7' },
      ],
    });
    expect(content.actions.map((a) => a.key)).toEqual(['a2', 'a1', 'k7', 'a4']);
  });

  it('makes the same keys from the same rows: nothing random', () => {
    const rows = [action, action];
    expect(check({ actions: rows }).content).toEqual(check({ actions: rows }).content);
  });

  it('the owner is one of the people in the record', () => {
    expect(check({ actions: [{ ...action, ownerId: 'someone-else' }] }).problems).toEqual([
      { field: 'actions[0].ownerId', message: 'Choose who will do this action' },
    ]);
  });

  it('an action without an owner is kept in a draft, and a problem when the record is shared', () => {
    const row = { ...action, ownerId: '' };
    expect(check({ actions: [row] }).problems).toEqual([]);
    expect(check({ actions: [row] }).content.actions[0]?.ownerId).toBeNull();
    expect(check({ actions: [row] }, { complete: true }).problems).toEqual([
      { field: 'actions[0].ownerId', message: 'Choose who will do this action' },
    ]);
  });

  it('a missing due date is not a problem here: the quality check warns', () => {
    const { content, problems } = check(
      { actions: [{ ...action, dueOn: '' }] },
      { complete: true },
    );
    expect(problems).toEqual([]);
    expect(content.actions[0]?.dueOn).toBeNull();
  });

  it.each([
    ['2026-03-12', undefined],
    ['2026-03-13', undefined],
    [
      '2026-03-11',
      'An action cannot be due before the supervision it was agreed in (12 March 2026)',
    ],
    ['2026-04-31', 'The due date must be a real date'],
    ['next week', 'The due date must be a real date'],
  ])('due on %s', (dueOn, message) => {
    const { problems } = check({ actions: [{ ...action, dueOn }] });
    expect(problems[0]).toEqual(message ? { field: 'actions[0].dueOn', message } : undefined);
  });

  it('a child named on an action is one the record is about', () => {
    expect(check({ actions: [{ ...action, childId: 'child-9' }] }).problems).toEqual([
      { field: 'actions[0].childId', message: 'Choose one of the children this record is about' },
    ]);
  });

  it('a description is up to 2,000 characters', () => {
    expect(
      check({ actions: [{ ...action, description: 'a'.repeat(2001) }] }).problems[0]?.field,
    ).toBe('actions[0].description');
  });

  it('actions that are not a list are a problem', () => {
    expect(check({ actions: 'Arrange a meeting' }).problems).toEqual([
      { field: 'actions', message: 'Send the actions as a list' },
    ]);
  });
});

describe('the review of actions from earlier supervision', () => {
  const review = { actionId: 'act-1', progress: 'Meeting held on 20 March.', outcome: 'completed' };

  it('keeps progress on an open action', () => {
    const { content, problems } = check({ reviews: [review] });
    expect(problems).toEqual([]);
    expect(content.reviews).toEqual([review]);
  });

  it('an action carried forward may be reviewed without progress', () => {
    const { content, problems } = check({
      reviews: [{ actionId: 'act-2', progress: 'Waiting for the school', outcome: 'open' }],
    });
    expect(problems).toEqual([]);
    expect(content.reviews[0]?.outcome).toBe('open');
  });

  it('drops a review that says nothing and changes nothing', () => {
    expect(
      check({
        reviews: [{ actionId: 'act-1', outcome: 'open', progress: '' }, { actionId: 'act-2' }],
      }).content.reviews,
    ).toEqual([]);
  });

  it('reviews only actions still open', () => {
    expect(check({ reviews: [{ ...review, actionId: 'act-9' }] }).problems).toEqual([
      {
        field: 'reviews[0].actionId',
        message: 'Review only the actions still open from earlier supervision',
      },
    ]);
  });

  it('reviews an action once', () => {
    expect(check({ reviews: [review, review] }).problems).toEqual([
      { field: 'reviews[1].actionId', message: 'This action has already been reviewed here' },
    ]);
  });

  it.each(['completed', 'dropped'])('"Progress made" is needed when an action is %s', (outcome) => {
    const { problems } = check({
      reviews: [{ actionId: 'act-1', outcome, dropReason: 'No longer needed' }],
    });
    expect(problems).toEqual([
      { field: 'reviews[0].progress', message: 'Say what progress has been made' },
    ]);
  });

  it('a dropped action says why', () => {
    const dropped = { ...review, outcome: 'dropped' };
    expect(check({ reviews: [dropped] }).problems).toEqual([
      { field: 'reviews[0].dropReason', message: 'Say why this action is being dropped' },
    ]);
    expect(
      check({ reviews: [{ ...dropped, dropReason: ' The family moved away ' }] }).content.reviews,
    ).toEqual([{ ...dropped, dropReason: 'The family moved away' }]);
  });

  it('a reason given for an action that is not dropped is not kept', () => {
    expect(check({ reviews: [{ ...review, dropReason: 'x' }] }).content.reviews[0]).toEqual(review);
  });

  it('the outcome is open, completed or dropped', () => {
    expect(check({ reviews: [{ ...review, outcome: 'paused' }] }).problems).toEqual([
      {
        field: 'reviews[0].outcome',
        message: 'Select whether the action is still open, completed or dropped',
      },
    ]);
  });
});

describe('problems read top to bottom, as the form does', () => {
  it('answers in order, then the review of actions, then the actions where they sit', () => {
    const { problems } = check({
      actions: [{ description: 'x', ownerId: 'nobody' }],
      reviews: [{ actionId: 'act-9', progress: 'y', outcome: 'open' }],
      answers: { 'details.next': 'soon', 'scaling.safety': '11' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'answers.scaling.safety',
      'answers.details.next',
      'reviews[0].actionId',
      'actions[0].ownerId',
    ]);
  });

  it('where the template has nowhere for actions, they come after its questions', () => {
    const plain: Template = { ...template, sections: [{ id: 'wellbeing', heading: 'Wellbeing' }] };
    const { problems } = check(
      {
        actions: [{ description: 'x', ownerId: 'nobody' }],
        reviews: [{ actionId: 'act-9', progress: 'y', outcome: 'open' }],
        answers: { wellbeing: 'a'.repeat(20_001) },
      },
      {},
      plain,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'answers.wellbeing',
      'reviews[0].actionId',
      'actions[0].ownerId',
    ]);
  });
});
