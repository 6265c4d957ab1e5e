import { describe, expect, it } from 'vitest';
import { getPack, listPacks, validatePack } from '../policy/index.ts';
import type { AgreementTemplate } from '../policy/schema.ts';
import {
  agreementTemplateFor,
  carryOver,
  checkAnswers,
  genericAgreementTemplate,
  questionOf,
  templateFields,
} from './templates.ts';

const templateOf = (id: string): AgreementTemplate => agreementTemplateFor(getPack(id)!);
const labels = (template: AgreementTemplate) => templateFields(template).map((f) => f.label);

describe('each pack’s agreement template, in its seed’s words', () => {
  it.each(listPacks().map((pack) => [pack.id, pack] as const))(
    '%s: sections cite the pack’s own seed and field ids are unique',
    (_id, pack) => {
      const template = agreementTemplateFor(pack);
      const ids = templateFields(template).map((f) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (pack.agreementTemplate) {
        expect(template.source.seed).toBe(pack.seed);
        for (const section of template.sections) expect(section.source.seed).toBe(pack.seed);
      }
    },
  );

  it('systemic (001) "Children\'s Services Supervision Agreement" (T-001-01)', () => {
    const template = templateOf('systemic-4x4x4');
    expect(template.title).toBe("Children's Services Supervision Agreement");
    expect(template.sections[0]?.heading).toBe('General Principles');
    expect(template.sections[0]?.text).toContain(
      'Supervision should take place at least once every calendar month',
    );
    expect(template.sections[0]?.text).toHaveLength(7);
    expect(labels(template)).toEqual([
      'What I would find helpful from you as my supervisor and what I will contribute as a practitioner:',
      'What I would find helpful from you as the practitioner and what I will contribute as a supervisor:',
      'Anything either the practitioner or supervisor should try to avoid:',
    ]);
    expect(template.signatureLabels).toEqual({
      supervisee: 'Signature of practitioner:',
      supervisor: 'Signature of Line Supervisor:',
    });
  });

  it('Manchester (002) "Appendix D – Supervision Agreement" (T-002-D)', () => {
    const template = templateOf('manchester');
    expect(template.sections.map((s) => s.heading)).toEqual([
      'Supervision Agreement',
      'Aims of Supervision',
      'Regularity of Supervision',
      'Interruptions',
      'Recording of Sessions',
      'Content of Supervision',
      'Statement of Service',
      'Statement of Responsibility',
      'Confidentiality',
      'Plan for providing feedback to one another and handling stumbling blocks and/or disagreements:',
    ]);
    expect(template.frequency?.label).toBe(
      'We will meet at least...... times a year – once every...... weeks for a session.',
    );
    expect(labels(template)).toEqual([
      'Our plans for handling disagreements/stumbling blocks are:',
    ]);
    expect(template.declaration).toBe(
      'We have read, understood and agree with the Delivery Service Supervision Policy and this supervision agreement.',
    );
  });

  it('Leeds (003) "Appendix 2 Sample Supervision Contract" (T-003-2), with the entitlement A40 asks for', () => {
    const template = templateOf('leeds-schools-clusters');
    expect(template.title).toBe('Sample Supervision Contract');
    const fields = templateFields(template);
    expect(fields.map((f) => [f.label, f.kind, f.required])).toEqual([
      ['Name of Organisation /Agency', 'text', true],
      ['these will commence', 'date', true],
      ['both parties will agree to meet together with', 'text', true],
      ['Who the three way meeting will be with', 'text', true],
    ]);
    expect(template.sections.find((s) => s.id === 'entitlement')?.source.section).toBe(
      'F Entitlement',
    );
    expect(template.sections.find((s) => s.id === 'school-cluster-staff')?.text?.[0]).toContain(
      'Should take place at a minimum interval of every four weeks',
    );
  });

  it('Durham (004) 4.1 a)–f), then availability and style of management from 4.2', () => {
    const template = templateOf('durham-one-point-2022');
    expect(template.sections.map((s) => s.heading.slice(0, 2))).toEqual([
      'a)',
      'b)',
      'c)',
      'd)',
      'e)',
      'f)',
      'Av',
    ]);
    expect(template.sections[0]?.fields.map((f) => f.label)).toEqual([
      'Dates',
      'Provisions if supervision needs to be rescheduled or cancelled',
      'Length',
      'Location',
      'How the agenda will be set',
    ]);
    expect(labels(template)).toContain('How disagreements will be handled');
    // f) "Any others responsible …" may have no one to name.
    expect(templateFields(template).find((f) => f.id === 'others')?.required).toBe(false);
  });

  it('Northumberland (000) has no agreement of its own: the generic template', () => {
    expect(getPack('northumberland-2024')?.agreementTemplate).toBeUndefined();
    expect(templateOf('northumberland-2024')).toBe(genericAgreementTemplate);
  });

  it('a pack whose template repeats a field id is refused, naming both places', () => {
    const pack = structuredClone(getPack('durham-one-point-2022')!);
    pack.agreementTemplate!.sections[1]!.fields[0]!.id = 'dates';
    const result = validatePack(pack);
    expect(result).toEqual({
      ok: false,
      problems: [
        '$.agreementTemplate.sections[1].fields[0].id: expected a unique field id ("dates" is also $.agreementTemplate.sections[0].fields[0].id)',
      ],
    });
  });

  it('a template with an unknown kind of field is refused', () => {
    const pack = structuredClone(getPack('systemic-4x4x4')!) as unknown as {
      agreementTemplate: { sections: { fields: { kind: string }[] }[] };
    };
    pack.agreementTemplate.sections[1]!.fields[0]!.kind = 'signature';
    const result = validatePack(pack);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatch(
        /^\$\.agreementTemplate\.sections\[1\]\.fields\[0\]\.kind/,
      );
  });
});

describe('checking answers', () => {
  const durham = templateOf('durham-one-point-2022');

  it('a draft may leave questions unanswered; empty answers are dropped', () => {
    const result = checkAnswers(
      durham,
      { dates: 'First Tuesday', location: '' },
      { complete: false },
    );
    expect(result).toEqual({ answers: { dates: 'First Tuesday' }, problems: [] });
  });

  it('sending for signature needs every required question, listed in the form’s order', () => {
    const result = checkAnswers(durham, { location: 'Room 2' }, { complete: true });
    expect(result.problems.map((p) => p.field)).toEqual([
      'dates',
      'rescheduling',
      'length',
      'agenda',
      'needs',
      'review-arrangements',
      'disagreements',
      'recording',
      'availability',
      'style-of-management',
      'support-in-absence',
    ]);
    expect(result.problems[0]?.message).toBe('Enter an answer to “Dates”');
  });

  it('names the question in the seed’s words without its closing colon', () => {
    const systemic = templateOf('systemic-4x4x4');
    const avoid = templateFields(systemic).find((f) => f.id === 'avoid')!;
    expect(questionOf(avoid)).toBe(
      'Anything either the practitioner or supervisor should try to avoid',
    );
    const leeds = templateOf('leeds-schools-clusters');
    expect(checkAnswers(leeds, {}, { complete: true }).problems[1]).toEqual({
      field: 'commence',
      message: 'Enter the date for “these will commence”',
    });
  });

  it('refuses unknown questions, a date that is not real and answers that are too long', () => {
    const leeds = templateOf('leeds-schools-clusters');
    const result = checkAnswers(
      leeds,
      { colour: 'blue', commence: '2026-02-30', organisation: 'x'.repeat(201) },
      { complete: false },
    );
    expect(result.problems).toEqual([
      {
        field: 'organisation',
        message: 'The answer to “Name of Organisation /Agency” must be 200 characters or fewer',
      },
      { field: 'commence', message: '“these will commence” must be a real date' },
      { field: 'colour', message: '“colour” is not a question of this agreement' },
    ]);
  });

  it('a long answer fits a paragraph field up to 5000 characters', () => {
    expect(checkAnswers(durham, { needs: 'x'.repeat(5000) }, { complete: false }).problems).toEqual(
      [],
    );
    expect(
      checkAnswers(durham, { needs: 'x'.repeat(5001) }, { complete: false }).problems,
    ).toHaveLength(1);
  });

  it('yes or no questions take only yes or no, and answers must be text', () => {
    const template: AgreementTemplate = {
      ...genericAgreementTemplate,
      sections: [
        {
          id: 's',
          heading: 'S',
          source: genericAgreementTemplate.source,
          fields: [{ id: 'remote', label: 'Virtual meetings?', kind: 'yes_no', required: true }],
        },
      ],
    };
    expect(checkAnswers(template, { remote: 'yes' }, { complete: true }).problems).toEqual([]);
    expect(checkAnswers(template, { remote: 'maybe' }, { complete: true }).problems).toEqual([
      { field: 'remote', message: 'Select yes or no for “Virtual meetings?”' },
    ]);
    expect(checkAnswers(template, {}, { complete: true }).problems).toEqual([
      { field: 'remote', message: 'Select yes or no for “Virtual meetings?”' },
    ]);
    expect(checkAnswers(template, { remote: 7 }, { complete: false }).problems).toEqual([
      { field: 'remote', message: 'The answer to “Virtual meetings?” must be text' },
    ]);
  });

  it('a new version keeps the answers to questions its template still asks', () => {
    expect(carryOver(durham, { dates: 'Tuesdays', gone: 'old question' })).toEqual({
      dates: 'Tuesdays',
    });
  });
});
