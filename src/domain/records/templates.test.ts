import { describe, expect, it } from 'vitest';
import { getPack, listPacks } from '../policy/registry.ts';
import type { PolicyPack, Template, TemplateField } from '../policy/schema.ts';
import { validatePack } from '../policy/validate.ts';
import { recordKinds } from '../policy/vocabulary.ts';
import { genericTemplates, recordableKinds, templateFor } from './generic-templates.ts';

const pack = (id: string): PolicyPack => getPack(id)!;
const headings = (t: Template) => t.sections.map((s) => s.heading);
const fields = (t: Template): TemplateField[] => t.sections.flatMap((s) => s.fields ?? []);
const withPurpose = (t: Template, purpose: TemplateField['purpose']) =>
  fields(t).filter((f) => f.purpose === purpose);
const section = (t: Template, id: string) => t.sections.find((s) => s.id === id);

describe('Northumberland: the agreed headings of RECORDING SUPERVISION', () => {
  const planned = templateFor(pack('northumberland-2024'), 'case_supervision');
  const unplanned = templateFor(pack('northumberland-2024'), 'case_supervision_unplanned');

  it('the planned note has the nine headings, in order', () => {
    expect(planned.id).toBe('planned-supervision-note');
    expect(headings(planned)).toEqual([
      'Action review from the previous supervision.',
      'What has worked well since the last supervision?',
      'What are you worried about since the last supervision?',
      "Child/young person's views and presentation.",
      'Parent, carer and network views.',
      'Planned work.',
      'Reflections.',
      'Analysis of information.',
      'Actions.',
    ]);
    expect(planned.headline).toBe('Planned supervision between {supervisor} and {supervisee}');
  });

  it('the unplanned note has its own headings, then analysis and actions', () => {
    expect(headings(unplanned)).toEqual([
      'Situation',
      'Strengths and safety',
      'Worries, danger and complicating factors',
      'Analysis of information.',
      'Actions.',
    ]);
    expect(unplanned.headline).toBe('Unplanned supervision between {supervisor} and {supervisee}');
  });

  it('actions are reviewed first and agreed last; the child views and scaling are asked', () => {
    expect(withPurpose(planned, 'review_of_actions').map((f) => f.id)).toEqual(['action-review']);
    expect(section(planned, 'action-review')?.fields?.[0]?.purpose).toBe('review_of_actions');
    expect(section(planned, 'actions')?.fields?.[0]?.purpose).toBe('actions');
    expect(section(planned, 'child-views')?.fields?.[0]?.purpose).toBe('child_views');
    expect(
      fields(planned)
        .filter((f) => f.type === 'scale')
        .map((f) => f.scale),
    ).toEqual([
      { min: 0, max: 10 },
      { min: 0, max: 10 },
    ]);
  });

  it('the notes that are not supervision have forms of their own', () => {
    const nland = pack('northumberland-2024');
    expect(headings(templateFor(nland, 'management_action'))).toEqual([
      'Action taken',
      'What happened and why',
      'Outcome',
    ]);
    expect(templateFor(nland, 'discussion_with_another_professional').title).toBe(
      'Discussion with another professional',
    );
  });

  it('blank notes, lists of bullets or dates and copies of earlier supervision stop sharing', () => {
    const musts = (pack('northumberland-2024').recordQuality ?? []).filter(
      (r) => r.level === 'must',
    );
    expect(musts.map((r) => r.check)).toEqual(
      expect.arrayContaining(['blank_sections', 'bullets_or_dates_only', 'copied_from_previous']),
    );
    for (const rule of musts.filter((r) => r.catalogueRef === 'C02'))
      expect(rule.recordKinds).toEqual(['case_supervision', 'case_supervision_unplanned']);
  });
});

describe('Manchester: Signs of Safety case supervision', () => {
  const manchester = pack('manchester');
  const monthly = templateFor(manchester, 'case_supervision');
  const adHoc = templateFor(manchester, 'case_supervision_unplanned');

  it('has the three main headings in order and two 0–10 scales', () => {
    expect(headings(monthly).slice(0, 3)).toEqual([
      'What are we worried about?',
      'What is working well?',
      'What needs to happen?',
    ]);
    const scales = fields(monthly).filter((f) => f.type === 'scale');
    expect(scales.map((f) => f.scale)).toEqual([
      { min: 0, max: 10 },
      { min: 0, max: 10 },
    ]);
    expect(scales[0]?.label).toContain('where would you place the safety of this child (ren)');
  });

  it('asks for the voice of the child and the two direct-work examples', () => {
    expect(withPurpose(monthly, 'child_views')).toHaveLength(1);
    expect(withPurpose(monthly, 'direct_work')[0]?.label).toBe(
      'Two examples of either the planning of, or, the occurrence of direct work with children',
    );
    const rule = manchester.recordQuality?.find((r) => r.check === 'direct_work_examples');
    expect(rule).toMatchObject({ min: 2, recordKinds: ['case_supervision'] });
  });

  it('headlines are MONTHLY for planned and AD HOC for unplanned', () => {
    expect(monthly.headline).toBe(
      'MONTHLY Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
    );
    expect(adHoc.headline).toBe(
      'AD HOC Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
    );
  });

  it('family placement has Appendix H as a second template; Appendix G stays the default', () => {
    const [first, second] = manchester.templates.filter((t) => t.recordKind === 'case_supervision');
    expect(first).toBe(monthly);
    expect(second?.id).toBe('family-placement-case-supervision');
    expect(section(second!, 'worried')?.prompts?.[0]).toBe('Foster Cares Practise');
    expect(fields(second!).filter((f) => f.type === 'scale')).toHaveLength(2);
  });

  it('the Practice Observation Template: boxes 1 and 2 are the worker’s, signed by both', () => {
    const observation = templateFor(manchester, 'direct_observation');
    const section1 = section(observation, 'section-1');
    expect(section1?.completedBy).toBe('supervisee');
    expect(section1?.fields?.map((f) => f.label)).toEqual([
      '1. Brief background to observed contact between yourself and the service user',
      '2. Planning for observed activity',
    ]);
    expect(section(observation, 'observer')?.completedBy).toBe('observer');
    expect(observation.signatories).toEqual(['supervisee', 'observer']);
  });

  it('the Appendix E Supervision Template reviews agreed actions and is signed by both', () => {
    const personal = templateFor(manchester, 'personal_supervision');
    expect(headings(personal)).toContain('REVIEW AGREED ACTIONS FROM LAST SUPERVISION');
    expect(withPurpose(personal, 'review_of_actions')).toHaveLength(1);
    expect(personal.signatories).toEqual(['supervisee', 'supervisor']);
  });
});

describe('Leeds: the Appendix 3 record, Part A by the worker and Part B by the supervisor', () => {
  const leeds = pack('leeds-schools-clusters');
  const caseRecord = templateFor(leeds, 'case_supervision');

  it('Part A is completed by the supervisee, in the seed’s order', () => {
    const partA = section(caseRecord, 'part-a');
    expect(partA?.heading).toBe('PART A for completion by the worker');
    expect(partA?.completedBy).toBe('supervisee');
    expect(partA?.fields?.map((f) => f.label).slice(0, 3)).toEqual([
      'Family name:',
      'Children’s names:',
      'Ages:',
    ]);
    expect(partA?.fields?.at(-1)?.label).toBe('What is your role with this family?');
  });

  it('Part B is the supervisor’s, where actions are agreed and outstanding ones reviewed', () => {
    const partB = section(caseRecord, 'part-b');
    expect(partB?.completedBy).toBe('supervisor');
    expect(partB?.fields?.map((f) => [f.label, f.purpose])).toEqual([
      ['Actions agreed:', 'actions'],
      ['Delivery plans discussed', undefined],
      ['Any outstanding actions?', 'review_of_actions'],
      ['AOB', undefined],
    ]);
  });

  it('the decision record is signed by the manager alone', () => {
    const decision = templateFor(leeds, 'supervision_decision');
    expect(decision.title).toBe('Supervision Decision Record – Individual CYP/Family record');
    expect(decision.signatories).toEqual(['supervisor']);
  });

  it('the session record asks whether ALL current cases or a sample were discussed', () => {
    const choice = fields(templateFor(leeds, 'personal_supervision')).find(
      (f) => f.type === 'choice',
    );
    expect(choice?.options).toEqual(['ALL current cases', 'a sample']);
  });
});

describe('Durham: records built from the framework’s words', () => {
  const durham = pack('durham-one-point-2022');

  it('the observation is signed by supervisee, observer and line manager', () => {
    expect(templateFor(durham, 'direct_observation').signatories).toEqual([
      'supervisee',
      'observer',
      'line_manager',
    ]);
  });

  it('the case supervision form: summary, options, decisions, action points and rationale', () => {
    const form = templateFor(durham, 'case_supervision');
    expect(headings(form)).toEqual([
      'Summary of the discussion',
      'Options discussed',
      'Decisions',
      'Action points',
      'Rationale for the decisions',
    ]);
    expect(form.note).toContain('a summary of the discussion showing options discussed');
    expect(withPurpose(form, 'child_views')[0]?.label).toBe(
      "The child's experience, their wishes and feelings",
    );
  });

  it('the Supervision Record follows the headlines a) to k)', () => {
    const record = templateFor(durham, 'personal_supervision');
    expect(headings(record).map((h) => h.slice(0, 2))).toEqual([
      'a)',
      'b)',
      'c)',
      'd)',
      'e)',
      'f)',
      'g)',
      'h)',
      'i)',
      'j)',
      'k)',
    ]);
    expect(section(record, 'progress')?.fields?.[0]?.purpose).toBe('review_of_actions');
    expect(section(record, 'future-actions')?.fields?.[0]?.purpose).toBe('actions');
  });

  it('group learning records the actions and decisions made', () => {
    const note = templateFor(durham, 'group_learning');
    expect(note.title).toBe('Group Learning');
    expect(withPurpose(note, 'actions')).toHaveLength(1);
  });
});

describe('systemic 4x4x4: the forms in 12. Resources', () => {
  const systemic = pack('systemic-4x4x4');

  it('the Group Supervision Record asks for the lead person and the focus, without signatures', () => {
    const group = templateFor(systemic, 'group_supervision');
    expect(fields(group).map((f) => f.label)).toEqual([
      'Team:',
      'Lead person for this session:',
      'General terms of reference for the group supervision:',
      'Focus of discussion:',
      'Any dilemmas or practice issues discussed:',
      'Review of any actions from previous session:',
      'Actions to take forwards:',
    ]);
    expect(group.signatories).toBeUndefined();
  });

  it('the Direct Observation of Practice Record is signed by supervisee and observer', () => {
    expect(templateFor(systemic, 'direct_observation').signatories).toEqual([
      'supervisee',
      'observer',
    ]);
  });

  it('gives no case supervision headings, so Oversight’s own apply', () => {
    expect(templateFor(systemic, 'case_supervision')).toBe(genericTemplates.case_supervision);
  });
});

describe('every pack has a form for every kind a person can record', () => {
  it('recordable kinds leave out the agreement and the reviews with pages of their own', () => {
    expect(recordableKinds).not.toContain('supervision_agreement');
    expect(recordableKinds).not.toContain('agreement_review');
    expect(recordableKinds).not.toContain('effectiveness_review');
    expect(recordableKinds).toHaveLength(recordKinds.length - 3);
  });

  it.each(listPacks().map((p) => [p.id, p] as const))('%s', (_id, p) => {
    for (const kind of recordableKinds) {
      const template = templateFor(p, kind);
      expect(template.recordKind, kind).toBe(kind);
      const own = p.templates.find((t) => t.recordKind === kind);
      expect(template, kind).toBe(own ?? genericTemplates[kind]);
    }
  });
});

describe('every template is a valid part of its pack', () => {
  const everyTemplate = listPacks().flatMap((p) =>
    p.templates.map((t) => [p.id, t.id, t] as const),
  );

  it.each(listPacks().map((p) => [p.id, p] as const))(
    '%s, with the generic templates added',
    (_id, p) => {
      const templates = [...p.templates, ...Object.values(genericTemplates)];
      expect(validatePack({ ...p, templates })).toMatchObject({ ok: true });
    },
  );

  it.each(everyTemplate)('%s %s: signatories agree with its signature fields', (_p, _t, t) => {
    const signatures = fields(t).filter((f) => f.type === 'signature');
    if (signatures.length > 0) expect(t.signatories).toHaveLength(signatures.length);
  });

  it.each(everyTemplate)('%s %s: headline tokens are the known ones', (_p, _t, t) => {
    const tokens = [...(t.headline ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const token of tokens)
      expect([
        'supervisor',
        'supervisorRole',
        'supervisee',
        'superviseeRole',
        'child',
        'date',
      ]).toContain(token);
  });

  it.each(listPacks().map((p) => [p.id, p] as const))(
    '%s: each record-quality check has somewhere to look',
    (_id, p) => {
      const needs = { child_views: 'child_views', direct_work_examples: 'direct_work' } as const;
      for (const rule of p.recordQuality ?? []) {
        if (!(rule.check in needs)) continue;
        const purpose = needs[rule.check as keyof typeof needs];
        for (const kind of rule.recordKinds ?? [])
          expect(withPurpose(templateFor(p, kind), purpose), `${rule.id} on ${kind}`).not.toEqual(
            [],
          );
      }
    },
  );
});

describe('generic templates', () => {
  it('group records ask for the focus and who led, as text', () => {
    for (const kind of ['group_supervision', 'group_learning'] as const) {
      const ids = fields(genericTemplates[kind])
        .filter((f) => f.type === 'text')
        .map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining(['lead', 'focus']));
    }
  });

  it('a PDR record is its date and an optional note', () => {
    expect(fields(genericTemplates.pdr).map((f) => [f.type, f.label])).toEqual([
      ['date', 'Date of the review'],
      ['text', 'Note (optional)'],
    ]);
  });

  it('cite Oversight itself, and each is of its own kind', () => {
    for (const kind of recordKinds) {
      expect(genericTemplates[kind].source).toEqual({
        seed: 'Oversight',
        section: 'generic templates',
      });
      expect(genericTemplates[kind].recordKind).toBe(kind);
    }
  });

  it('a case supervision record reviews actions, asks the child’s views and agrees actions', () => {
    const t = genericTemplates.case_supervision;
    expect(withPurpose(t, 'review_of_actions')).toHaveLength(1);
    expect(withPurpose(t, 'child_views')).toHaveLength(1);
    expect(withPurpose(t, 'actions')).toHaveLength(1);
  });
});
