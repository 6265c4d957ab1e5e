import { describe, expect, it } from 'vitest';
import { getPack } from '../policy/index.ts';
import type { PolicyPack, RecordQualityRule, Template } from '../policy/schema.ts';
import {
  blocksSharing,
  checkQuality,
  countExamples,
  defaultQualityRules,
  isBulletsOrDatesOnly,
  isCopied,
  type QualityInput,
  qualityRulesFor,
} from './quality.ts';
import type { OpenAction, QualityFinding, RecordContent } from './types.ts';

const source = { seed: 'test', section: 'test' };

const template: Template = {
  id: 'test-case',
  source,
  recordKind: 'case_supervision',
  title: 'Case supervision',
  sections: [
    { id: 'wellbeing', heading: 'Wellbeing' },
    {
      id: 'child',
      heading: 'The child',
      fields: [
        { id: 'views', label: 'Views of the child:', type: 'text', purpose: 'child_views' },
        { id: 'direct-work', label: 'Direct work', type: 'text', purpose: 'direct_work' },
        { id: 'network', label: 'Views of the network', type: 'text' },
      ],
    },
    {
      id: 'scaling',
      heading: 'Scaling',
      fields: [{ id: 'safety', label: 'Scaling', type: 'scale', scale: { min: 0, max: 10 } }],
    },
    {
      id: 'actions',
      heading: 'Actions',
      fields: [{ id: 'actions', label: 'Actions', type: 'table', purpose: 'actions' }],
    },
  ],
};

const rule = (check: RecordQualityRule['check'], over: Partial<RecordQualityRule> = {}) =>
  ({ id: `r-${check}`, source, check, level: 'warning', ...over }) as RecordQualityRule;

const content = (over: Partial<RecordContent> = {}): RecordContent => ({
  answers: {},
  actions: [],
  reviews: [],
  ...over,
});

const full: RecordContent['answers'] = {
  wellbeing: 'Child A is settled at school and says she feels safe at home with her mum.',
  'child.views': 'She told her worker that she wants to keep seeing her dad at weekends.',
  'child.direct-work': 'Life story work with Child A on 3 March.',
  'child.network': 'The school report good attendance and say she has made new friends.',
  'scaling.safety': 7,
};

const run = (
  check: RecordQualityRule['check'],
  input: Partial<QualityInput> = {},
  over: Partial<RecordQualityRule> = {},
): QualityFinding[] =>
  checkQuality({ template, content: content(), rules: [rule(check, over)], ...input });

const messages = (findings: QualityFinding[]) => findings.map((f) => [f.field, f.message]);

describe('the rules a record is checked against', () => {
  const bare = (over: Partial<PolicyPack> = {}) =>
    ({ ...structuredClone(getPack('northumberland-2024')!), ...over }) as PolicyPack;

  it('Oversight’s own checks apply as warnings where a pack is silent', () => {
    const rules = qualityRulesFor(bare({ recordQuality: [] }), 'case_supervision');
    expect(rules.map((r) => [r.id, r.check, r.level])).toEqual([
      ['oversight-blank-sections', 'blank_sections', 'warning'],
      ['oversight-bullets-or-dates-only', 'bullets_or_dates_only', 'warning'],
      ['oversight-copied-from-previous', 'copied_from_previous', 'warning'],
      ['oversight-action-owner-and-date', 'action_owner_and_date', 'warning'],
      ['oversight-repeated-actions', 'repeated_actions', 'warning'],
      ['oversight-child-views', 'child_views', 'warning'],
    ]);
    expect(rules.every((r) => r.source.seed === 'Oversight')).toBe(true);
    expect(rules[0]?.source).toEqual({ seed: 'Oversight', section: 'record-quality checks' });
  });

  it('a pack rule replaces the default for its check, for the kinds it names', () => {
    const must = rule('action_owner_and_date', {
      id: 'actions-who-when',
      level: 'must',
      recordKinds: ['case_supervision'],
    });
    const pack = bare({ recordQuality: [must] });
    const forCase = qualityRulesFor(pack, 'case_supervision');
    expect(forCase.filter((r) => r.check === 'action_owner_and_date')).toEqual([must]);
    expect(forCase).toHaveLength(defaultQualityRules.length);
    expect(
      qualityRulesFor(pack, 'personal_supervision').find((r) => r.check === 'action_owner_and_date')
        ?.id,
    ).toBe('oversight-action-owner-and-date');
  });

  it('of a pack’s rules for the same check, its must wins', () => {
    const warn = rule('blank_sections', { id: 'blank-warn' });
    const must = rule('blank_sections', { id: 'blank-must', level: 'must' });
    const rules = qualityRulesFor(bare({ recordQuality: [warn, must] }), 'case_supervision');
    expect(rules.filter((r) => r.check === 'blank_sections').map((r) => r.id)).toEqual([
      'blank-must',
    ]);
  });

  it('direct work examples are checked only where the pack asks (Manchester C14)', () => {
    const two = rule('direct_work_examples', { id: 'two-examples', min: 2 });
    expect(
      qualityRulesFor(bare({ recordQuality: [] }), 'case_supervision').some(
        (r) => r.check === 'direct_work_examples',
      ),
    ).toBe(false);
    expect(
      qualityRulesFor(bare({ recordQuality: [two] }), 'case_supervision').find(
        (r) => r.check === 'direct_work_examples',
      ),
    ).toEqual(two);
  });

  it('Manchester asks for "two examples" of direct work on case supervision (C14)', () => {
    const rules = qualityRulesFor(getPack('manchester')!, 'case_supervision');
    expect(rules.find((r) => r.check === 'direct_work_examples')).toMatchObject({
      catalogueRef: 'C14',
      min: 2,
    });
    expect(
      qualityRulesFor(getPack('manchester')!, 'personal_supervision').some(
        (r) => r.check === 'direct_work_examples',
      ),
    ).toBe(false);
  });

  it.each([
    ['systemic-4x4x4', 'personal_supervision', 'ids-only-in-professional-notes'],
    ['manchester', 'personal_supervision', 'ids-only'],
    ['durham-one-point-2022', 'personal_supervision', 'ids-only'],
    ['durham-one-point-2022', 'pdr', 'ids-only'],
    ['durham-one-point-2022', 'case_supervision', undefined],
    ['leeds-schools-clusters', 'personal_supervision', undefined],
    ['northumberland-2024', 'personal_supervision', undefined],
  ] as const)('children’s names: %s %s is checked by %s', (packId, kind, ruleId) => {
    // The pack's own quality rules aside: this is what its childIdentifiers policy implies.
    const pack = { ...getPack(packId)!, recordQuality: [] };
    const names = qualityRulesFor(pack, kind).find((r) => r.check === 'child_names');
    expect(names?.id).toBe(ruleId);
    if (names) {
      expect(names.level).toBe('warning');
      expect(names.source).toEqual(getPack(packId)!.childIdentifiers?.source);
    }
  });

  it('a pack whose policy forbids names is checked the same way', () => {
    const pack = bare({
      childIdentifiers: { id: 'no-names', source, policy: 'names_forbidden' },
    });
    expect(
      qualityRulesFor(pack, 'personal_supervision').find((r) => r.check === 'child_names')?.id,
    ).toBe('no-names');
  });
});

describe('blank sections: "Blank notes." (Northumberland C02)', () => {
  it('names a section with nothing in it by its heading', () => {
    const findings = run('blank_sections', {
      content: content({ answers: { ...full, wellbeing: undefined } as never }),
    });
    expect(messages(findings)).toEqual([['wellbeing', '‘Wellbeing’ is blank']]);
  });

  it('names a blank text field in a section that has other answers by its label', () => {
    const { 'child.network': _, ...answers } = full;
    expect(messages(run('blank_sections', { content: content({ answers }) }))).toEqual([
      ['child.network', '‘Views of the network’ is blank'],
    ]);
  });

  it('a section of one scale left unanswered is blank', () => {
    const { 'scaling.safety': _, ...answers } = full;
    expect(messages(run('blank_sections', { content: content({ answers }) }))).toEqual([
      ['scaling.safety', '‘Scaling’ is blank'],
    ]);
  });

  it('leaves the actions table to the action checks, and finds nothing in a full record', () => {
    expect(run('blank_sections', { content: content({ answers: full }) })).toEqual([]);
  });

  it('a blank record: every section', () => {
    expect(run('blank_sections').map((f) => f.field)).toEqual([
      'wellbeing',
      'child.views',
      'scaling.safety',
    ]);
  });

  it('leaves a blank child-views field to the child-views check when that is on', () => {
    const { 'child.views': _, ...answers } = full;
    const findings = checkQuality({
      template,
      content: content({ answers }),
      rules: [rule('blank_sections'), rule('child_views')],
    });
    expect(findings.map((f) => [f.check, f.field])).toEqual([['child_views', 'child.views']]);
  });

  it('carries its rule’s level and id', () => {
    const [finding] = run('blank_sections', {}, { id: 'no-blank-notes', level: 'must' });
    expect(finding).toMatchObject({
      check: 'blank_sections',
      level: 'must',
      ruleId: 'no-blank-notes',
    });
  });
});

describe('"a list of bullet points or a list of dates that do not explain what they mean to the child" (C02)', () => {
  it.each([
    ['- home visit\n- school visit\n- core group', true],
    ['* Mum engaged\n• Dad not seen', true],
    ['1. CP conference\n2) core group', true],
    ['12/03/2026\n19/03/2026', true],
    ['12/03/26 home visit\n19.03.2026 core group', true],
    ['2026-03-12 home visit', true],
    ['12 March 2026 – home visit\n3rd April core group', true],
    ['March 12, 2026 strategy meeting', true],
    ['No concerns.', false],
    [
      'Home visit on 12/03/2026: Child A showed her worker her bedroom and said she feels safe now that dad has moved out.',
      false,
    ],
    [
      '- Child A said she feels safer since dad moved out and wants to stay at her school\n- core group',
      false,
    ],
    [
      '12 March 2026 Child A told her worker that she is happier at home since the new routine started',
      false,
    ],
    ['', false],
  ])('%j is a list: %s', (text, list) => {
    expect(isBulletsOrDatesOnly(text)).toBe(list);
  });

  it('finds a text answer that is only a list, naming its field', () => {
    const answers = { ...full, wellbeing: '- home visit\n- school visit' };
    expect(messages(run('bullets_or_dates_only', { content: content({ answers }) }))).toEqual([
      [
        'wellbeing',
        '‘Wellbeing’ is a list of bullet points or dates: explain what they mean to the child',
      ],
    ]);
  });

  it('does not look at scales or dates asked as such', () => {
    expect(run('bullets_or_dates_only', { content: content({ answers: full }) })).toEqual([]);
  });
});

describe('"A copy of previous supervision discussions." (C02)', () => {
  const before =
    'Child A is settled at school. She says she feels safe at home with her mum. The school report good attendance. Dad visits on Saturdays.';

  it.each([
    ['the same text', before, true],
    ['the same with other case and spacing', before.toUpperCase().replaceAll(' ', '  '), true],
    ['four of five sentences copied (80%)', `${before} She has made new friends.`, true],
    [
      'three of four sentences copied (75%)',
      before.replace(' Dad visits on Saturdays.', ' She has made new friends.'),
      false,
    ],
    [
      'runs of five words copied with the sentences run together',
      before.replaceAll('.', ',').toLowerCase(),
      true,
    ],
    ['new words', 'Child A moved school this month and is finding the new routine hard.', false],
  ])('%s: %s', (_label, text, copied) => {
    expect(isCopied(text, ['Something else entirely.', before])).toBe(copied);
  });

  it('ignores answers under 40 characters', () => {
    const short = 'Nothing new to report this month at all';
    expect(short.length).toBeLessThan(40);
    expect(isCopied(short, [short])).toBe(false);
  });

  it('finds an answer copied from any answer of the previous record', () => {
    const findings = run('copied_from_previous', {
      content: content({ answers: { ...full, 'child.network': full.wellbeing as string } }),
      previous: content({ answers: { wellbeing: full.wellbeing as string } }),
    });
    expect(findings.map((f) => f.field)).toEqual(['wellbeing', 'child.network']);
    expect(findings[0]?.message).toBe(
      '‘Wellbeing’ is copied from the previous supervision record: record what was discussed this time',
    );
  });

  it('finds nothing without a previous record', () => {
    expect(run('copied_from_previous', { content: content({ answers: full }) })).toEqual([]);
  });
});

describe('"what needs to happen, who will do it and by when" (C01(10))', () => {
  const action = {
    key: 'a1',
    description: 'Arrange a core group',
    ownerId: 'sw',
    dueOn: '2026-04-01',
  };

  it.each([
    [{}, undefined],
    [{ ownerId: null }, 'Say who will do ‘Arrange a core group’'],
    [{ dueOn: null }, 'Say by when ‘Arrange a core group’ is to be done'],
    [{ ownerId: null, dueOn: null }, 'Say who will do ‘Arrange a core group’ and by when'],
  ])('%j', (over, message) => {
    const findings = run('action_owner_and_date', {
      content: content({ actions: [action, { ...action, key: 'a2', ...over }] }),
    });
    expect(findings).toEqual(
      message
        ? [
            {
              check: 'action_owner_and_date',
              level: 'warning',
              field: 'actions[1]',
              message,
              ruleId: 'r-action_owner_and_date',
            },
          ]
        : [],
    );
  });
});

describe('actions "carried forward until they are completed" (C01(3)), not agreed again', () => {
  const action = { key: 'a1', description: 'Arrange a core group.', ownerId: 'sw', dueOn: null };
  const open: OpenAction = {
    id: 'act-1',
    description: 'Visit Child A at school',
    ownerId: 'sw',
    ownerName: 'Jo Smith',
    dueOn: '2026-03-01',
    setOn: '2026-02-01',
    childId: null,
    recordId: null,
    lastProgress: 'Visit booked for next week.',
  };

  it('an action agreed in the previous supervision, as written or with other case and punctuation', () => {
    const findings = run('repeated_actions', {
      content: content({
        actions: [
          { ...action, description: 'arrange a  core group' },
          { ...action, key: 'a2', description: 'Arrange a core group for April' },
        ],
      }),
      previousActions: ['Arrange a core group.'],
    });
    expect(messages(findings)).toEqual([
      [
        'actions[0]',
        '‘arrange a  core group’ was agreed in the previous supervision: review its progress instead of agreeing it again',
      ],
    ]);
  });

  it('progress given again unchanged', () => {
    const review = {
      actionId: 'act-1',
      progress: 'visit booked for next week',
      outcome: 'open' as const,
    };
    expect(
      messages(
        run('repeated_actions', { content: content({ reviews: [review] }), openActions: [open] }),
      ),
    ).toEqual([
      [
        'reviews[0]',
        'The progress on ‘Visit Child A at school’ is the same as last time: say what has changed since',
      ],
    ]);
    const moved = { ...review, progress: 'Visited on 3 March.' };
    expect(
      run('repeated_actions', { content: content({ reviews: [moved] }), openActions: [open] }),
    ).toEqual([]);
    expect(
      run('repeated_actions', {
        content: content({ reviews: [review] }),
        openActions: [{ ...open, lastProgress: null }],
      }),
    ).toEqual([]);
  });
});

describe('the child’s views "ascertained, taken into consideration and recorded" (C17)', () => {
  it('a child-views field left blank', () => {
    expect(messages(run('child_views'))).toEqual([
      [
        'child.views',
        '‘Views of the child’ is blank: record the child’s wishes, views and feelings',
      ],
    ]);
    expect(run('child_views', { content: content({ answers: full }) })).toEqual([]);
  });

  it('a template without a child-views field has nothing to check', () => {
    expect(
      checkQuality({
        template: { ...template, sections: [{ id: 'wellbeing', heading: 'Wellbeing' }] },
        content: content(),
        rules: [rule('child_views')],
      }),
    ).toEqual([]);
  });
});

describe('"Names … of children … will not be recorded … However ID numbers may be used" (C07, C12, C30)', () => {
  const caseload = [
    { id: 'c1', externalId: '100234', names: ['Jo Bloggs'] },
    { id: 'c2', externalId: '100999', names: ['Lily-Mae Turner'] },
    { id: 'c3', externalId: '100777', names: ['Will Grant'] },
  ];
  const find = (text: string) =>
    run('child_names', { content: content({ answers: { wellbeing: text } }), caseload });

  it.each([
    ['Jo Bloggs was discussed', '‘Jo Bloggs’'],
    ['we discussed jo  bloggs today', '‘jo bloggs’'],
    ['Bloggs, Jo was discussed', '‘Bloggs, Jo’'],
    ['BLOGGS JO', '‘BLOGGS JO’'],
    ['Lily-Mae is settled', '‘Lily-Mae’'],
    ['Turner Lily-Mae', '‘Turner Lily-Mae’'],
    ['Will is at least four letters, so taken as a name when capitalised', '‘Will’'],
  ])('%j names a child', (text, name) => {
    const [finding] = find(text);
    expect(finding?.field).toBe('wellbeing');
    expect(finding?.message).toMatch(
      new RegExp(`^${name} is the name of a child on this caseload`),
    );
  });

  it('suggests the child’s ID instead', () => {
    expect(find('Jo Bloggs was discussed')[0]?.message).toBe(
      '‘Jo Bloggs’ is the name of a child on this caseload: use their ID 100234 instead',
    );
  });

  it.each([
    ['ID 100234 was discussed'],
    ['Jo is a common word in no sentence here'],
    ['Joanne Bloggsworth'],
    ['lily-mae in lower case is not taken as the forename alone'],
    ['Grant is a surname, not a forename'],
  ])('%j does not', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('looks in actions and reviews too, once a field for each child', () => {
    const findings = run('child_names', {
      content: content({
        answers: { wellbeing: 'Jo Bloggs and Jo Bloggs again, and Lily-Mae' },
        actions: [{ key: 'a1', description: 'Visit Will Grant', ownerId: null, dueOn: null }],
        reviews: [
          { actionId: 'x', progress: 'Done', outcome: 'dropped', dropReason: 'Jo Bloggs moved' },
        ],
      }),
      caseload,
    });
    expect(findings.map((f) => f.field)).toEqual([
      'wellbeing',
      'reviews[0]',
      'wellbeing',
      'actions[0]',
    ]);
  });

  it('finds nothing without a caseload', () => {
    expect(
      run('child_names', { content: content({ answers: { wellbeing: 'Jo Bloggs' } }) }),
    ).toEqual([]);
  });
});

describe('"two examples of either the planning of, or, the occurrence of direct work with children" (C14)', () => {
  it.each([
    ['', 0],
    ['Life story work with Child A.', 1],
    ['- Life story work with Child A\n- Planned a wishes and feelings session with Child B', 2],
    ['Examples:\n1. Life story work\n\n2. Three houses with Child B', 2],
    ['Life story work with Child A.\n\nPlanned a three houses session with Child B.', 2],
  ])('%j is %i examples', (text, count) => {
    expect(countExamples(text)).toBe(count);
  });

  const two = { min: 2, level: 'must' as const };

  it('fewer than the pack’s minimum is a finding on the direct-work field', () => {
    expect(
      messages(run('direct_work_examples', { content: content({ answers: full }) }, two)),
    ).toEqual([
      [
        'child.direct-work',
        'Give 2 examples of the planning or the occurrence of direct work with children (1 given)',
      ],
    ]);
  });

  it('examples in every direct-work field count together', () => {
    const twoFields: Template = {
      ...template,
      sections: [
        {
          id: 'dw',
          heading: 'Direct work',
          fields: [
            { id: 'one', label: 'Case 1', type: 'text', purpose: 'direct_work' },
            { id: 'two', label: 'Case 2', type: 'text', purpose: 'direct_work' },
          ],
        },
      ],
    };
    const findings = checkQuality({
      template: twoFields,
      content: content({ answers: { 'dw.one': 'Life story work', 'dw.two': 'Three houses' } }),
      rules: [rule('direct_work_examples', two)],
    });
    expect(findings).toEqual([]);
  });

  it('one example is asked when the rule gives no minimum', () => {
    expect(messages(run('direct_work_examples'))).toEqual([
      [
        'child.direct-work',
        'Give an example of the planning or the occurrence of direct work with children (0 given)',
      ],
    ]);
  });

  it('a template with nowhere for direct work is not held to it', () => {
    const none: Template = { ...template, sections: [{ id: 'wellbeing', heading: 'Wellbeing' }] };
    expect(
      checkQuality({
        template: none,
        content: content(),
        rules: [rule('direct_work_examples', two)],
      }),
    ).toEqual([]);
  });
});

describe('sharing', () => {
  const finding = (level: QualityFinding['level']): QualityFinding => ({
    check: 'blank_sections',
    level,
    message: 'x',
    ruleId: 'r',
  });

  it('a must stops a record being shared; warnings never do', () => {
    expect(blocksSharing([])).toBe(false);
    expect(blocksSharing([finding('warning'), finding('warning')])).toBe(false);
    expect(blocksSharing([finding('warning'), finding('must')])).toBe(true);
  });

  it('runs every rule it is given, in order', () => {
    const findings = checkQuality({
      template,
      content: content(),
      rules: qualityRulesFor(
        { ...getPack('northumberland-2024')!, recordQuality: [] },
        'case_supervision',
      ),
    });
    expect([...new Set(findings.map((f) => f.check))]).toEqual(['blank_sections', 'child_views']);
  });
});
