import { describe, expect, it } from 'vitest';
import type { Template } from '../../domain/policy/index.ts';
import { addField, addSection, applyOp, idFrom, parseOp } from './template-edits.ts';

const template: Template = {
  id: 'note',
  source: { seed: 's', section: '1' },
  recordKind: 'personal_supervision',
  title: 'Note',
  sections: [
    {
      id: 'a',
      heading: 'A',
      fields: [
        { id: 'x', label: 'X', type: 'text' },
        { id: 'y', label: 'Y', type: 'date' },
      ],
    },
    { id: 'b', heading: 'B' },
  ],
};
const headings = (t: Template) => t.sections.map((s) => s.id);

describe('template edits', () => {
  it('reads the button pressed, and nothing else', () => {
    expect(parseOp('section-up:1')).toEqual({ op: 'section-up', section: 1 });
    expect(parseOp('field-remove:0:2')).toEqual({ op: 'field-remove', section: 0, field: 2 });
    expect(parseOp('preview')).toEqual({ op: 'preview' });
    expect(parseOp('field-up:0')).toBeUndefined();
    expect(parseOp('section-up:-1')).toBeUndefined();
    expect(parseOp('drop-table')).toBeUndefined();
  });

  it('moves sections and fields, and leaves the ends where they are', () => {
    expect(headings(applyOp(template, { op: 'section-down', section: 0 }))).toEqual(['b', 'a']);
    expect(headings(applyOp(template, { op: 'section-up', section: 0 }))).toEqual(['a', 'b']);
    const moved = applyOp(template, { op: 'field-down', section: 0, field: 0 });
    expect(moved.sections[0]!.fields!.map((f) => f.id)).toEqual(['y', 'x']);
    expect(applyOp(template, { op: 'field-down', section: 0, field: 1 })).toEqual(template);
  });

  it('removes a section or a field', () => {
    expect(headings(applyOp(template, { op: 'section-remove', section: 0 }))).toEqual(['b']);
    const fewer = applyOp(template, { op: 'field-remove', section: 0, field: 0 });
    expect(fewer.sections[0]!.fields!.map((f) => f.id)).toEqual(['y']);
  });

  it('adds a section with an id from its heading, unique in the template', () => {
    const { template: added } = addSection(template, { sectionHeading: 'A' });
    expect(added.sections.at(-1)).toEqual({ id: 'a-2', heading: 'A', fields: [] });
    expect(addSection(template, { sectionHeading: '' }).errors.list).toEqual([
      { text: 'Enter the heading of the new section', href: '#sectionHeading' },
    ]);
  });

  it('adds a field to the chosen section, a scale with its range and a choice with its options', () => {
    const scale = addField(template, {
      fieldSection: '1',
      fieldLabel: 'How safe?',
      fieldType: 'scale',
    });
    expect(scale.template.sections[1]!.fields).toEqual([
      { id: 'how-safe', label: 'How safe?', type: 'scale', scale: { min: 1, max: 10 } },
    ]);
    const choice = addField(template, {
      fieldSection: '0',
      fieldLabel: 'Where',
      fieldType: 'choice',
      fieldOptions: 'Home\nOffice\n',
    });
    expect(choice.template.sections[0]!.fields!.at(-1)!.options).toEqual(['Home', 'Office']);
  });

  it('says what is missing from a new field, and adds nothing', () => {
    const { template: same, errors } = addField(template, {
      fieldSection: '',
      fieldLabel: '',
      fieldType: 'table?',
    });
    expect(same).toBe(template);
    expect(errors.list.map((e) => e.href)).toEqual(['#fieldSection', '#fieldLabel', '#fieldType']);
    const noOptions = addField(template, {
      fieldSection: '0',
      fieldLabel: 'Where',
      fieldType: 'choice',
    });
    expect(noOptions.errors.list.map((e) => e.href)).toEqual(['#fieldOptions']);
  });

  it('makes ids in kebab-case from any words', () => {
    expect(idFrom('  What’s worked well? ', [])).toBe('what-s-worked-well');
    expect(idFrom('!!!', [])).toBe('item');
    expect(idFrom('Plan', ['plan', 'plan-2'])).toBe('plan-3');
  });
});
