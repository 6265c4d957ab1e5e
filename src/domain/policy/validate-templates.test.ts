import { describe, expect, it } from 'vitest';
import { getPack } from './registry.ts';
import type { PolicyPack, Template } from './schema.ts';
import { validatePack } from './validate.ts';

/** A copy of Durham with one template of its own in place of its first. */
function packWith(template: Template): PolicyPack {
  const pack = structuredClone(getPack('durham-one-point-2022')!);
  pack.templates[0] = template;
  return pack;
}

function problems(template: Template): string[] {
  const result = validatePack(packWith(template));
  return result.ok ? [] : result.problems;
}

const base: Template = {
  id: 'local-record',
  source: { seed: 'local policy', section: 'Recording' },
  recordKind: 'personal_supervision',
  title: 'Supervision record',
  sections: [{ id: 'wellbeing', heading: 'Wellbeing' }],
};

describe('template checks name the path and what was expected', () => {
  it('a well-formed template has no problems', () => {
    expect(
      problems({
        ...base,
        signatories: ['supervisee', 'supervisor'],
        sections: [
          {
            id: 'record',
            heading: 'Record',
            fields: [
              { id: 'scaling', label: 'Scaling', type: 'scale', scale: { min: 0, max: 10 } },
              { id: 'sample', label: 'Cases', type: 'choice', options: ['all', 'a sample'] },
              { id: 'review', label: 'Review', type: 'table', purpose: 'review_of_actions' },
              { id: 'actions', label: 'Actions', type: 'table', purpose: 'actions' },
            ],
          },
          { id: 'notes', heading: 'Notes', fields: [{ id: 'record', label: 'x', type: 'text' }] },
        ],
      }),
    ).toEqual([]);
  });

  it('section ids are unique in a template', () => {
    expect(
      problems({
        ...base,
        sections: [
          { id: 'wellbeing', heading: 'Wellbeing' },
          { id: 'learning', heading: 'Learning' },
          { id: 'wellbeing', heading: 'Wellbeing again' },
        ],
      }),
    ).toEqual([
      '$.templates[0].sections[2].id: expected a unique section id ("wellbeing" is also $.templates[0].sections[0].id)',
    ]);
  });

  it('field ids are unique in a section', () => {
    expect(
      problems({
        ...base,
        sections: [
          {
            id: 'record',
            heading: 'Record',
            fields: [
              { id: 'support', label: 'Support', type: 'text' },
              { id: 'support', label: 'Support again', type: 'text' },
            ],
          },
        ],
      }),
    ).toEqual([
      '$.templates[0].sections[0].fields[1].id: expected a unique field id in the section ("support" is also $.templates[0].sections[0].fields[0].id)',
    ]);
  });

  it('a scale field needs a range, with min below max', () => {
    expect(
      problems({
        ...base,
        sections: [
          {
            id: 'scaling',
            heading: 'Scaling',
            fields: [
              { id: 'none', label: 'No range', type: 'scale' },
              {
                id: 'upside-down',
                label: 'Upside down',
                type: 'scale',
                scale: { min: 10, max: 0 },
              },
              { id: 'flat', label: 'Flat', type: 'scale', scale: { min: 5, max: 5 } },
            ],
          },
        ],
      }),
    ).toEqual([
      '$.templates[0].sections[0].fields[0].scale: expected a range { min, max } for a scale field (missing)',
      '$.templates[0].sections[0].fields[1].scale: expected min to be less than max',
      '$.templates[0].sections[0].fields[2].scale: expected min to be less than max',
    ]);
  });

  it('a choice field needs options', () => {
    expect(
      problems({
        ...base,
        sections: [
          {
            id: 'cases',
            heading: 'Cases',
            fields: [
              { id: 'missing', label: 'All or a sample', type: 'choice' },
              { id: 'empty', label: 'All or a sample', type: 'choice', options: [] },
            ],
          },
        ],
      }),
    ).toEqual([
      '$.templates[0].sections[0].fields[0].options: expected at least one option for a choice field',
      '$.templates[0].sections[0].fields[1].options: expected at least one option for a choice field',
    ]);
  });

  it('at most one actions field and one review of actions in a template, across sections', () => {
    expect(
      problems({
        ...base,
        sections: [
          {
            id: 'first',
            heading: 'First',
            fields: [
              { id: 'actions', label: 'Actions', type: 'table', purpose: 'actions' },
              { id: 'review', label: 'Review', type: 'table', purpose: 'review_of_actions' },
            ],
          },
          {
            id: 'second',
            heading: 'Second',
            fields: [
              { id: 'more-actions', label: 'More', type: 'table', purpose: 'actions' },
              { id: 'more-review', label: 'More', type: 'table', purpose: 'review_of_actions' },
              { id: 'views', label: 'Views', type: 'text', purpose: 'child_views' },
              { id: 'more-views', label: 'Views', type: 'text', purpose: 'child_views' },
            ],
          },
        ],
      }),
    ).toEqual([
      '$.templates[0].sections[1].fields[0].purpose: expected one "actions" field in the template (also $.templates[0].sections[0].fields[0])',
      '$.templates[0].sections[1].fields[1].purpose: expected one "review_of_actions" field in the template (also $.templates[0].sections[0].fields[1])',
    ]);
  });

  it('each signatory once', () => {
    expect(
      problems({ ...base, signatories: ['supervisee', 'observer', 'supervisee', 'supervisee'] }),
    ).toEqual([
      '$.templates[0].signatories[2]: expected each signatory once ("supervisee" is also $.templates[0].signatories[0])',
      '$.templates[0].signatories[3]: expected each signatory once ("supervisee" is also $.templates[0].signatories[0])',
    ]);
  });

  it('names the template by its place in the pack', () => {
    const pack = packWith(base);
    pack.templates.push({ ...base, id: 'second', signatories: ['observer', 'observer'] });
    const result = validatePack(pack);
    expect(result.ok ? [] : result.problems).toEqual([
      `$.templates[${pack.templates.length - 1}].signatories[1]: expected each signatory once ("observer" is also $.templates[${pack.templates.length - 1}].signatories[0])`,
    ]);
  });
});
