import { describe, expect, it } from 'vitest';
import { applyOverrides, getPack, type PolicyPack } from '../../domain/policy/index.ts';
import {
  editableValues,
  mergedIds,
  mergeUnchecked,
  parseProblem,
  problemsOnForm,
  readRuleForm,
  readTerminology,
  rulesOf,
  withChanges,
} from './rule-fields.ts';

const pack = getPack('systemic-4x4x4') as PolicyPack;
const formOf = (list: 'caseSupervision' | 'staffSupervision') => {
  const values: Record<string, string> = {};
  for (const { values: fields } of rulesOf(pack, list))
    for (const v of fields) {
      if (v.kind === 'number') values[v.name] = String(v.value);
      else {
        values[v.name] = String(v.count);
        values[`${v.name}.unit`] = v.unit;
      }
    }
  return values;
};

describe('editableValues', () => {
  it('finds periods and numbers, with their paths, and leaves out the source', () => {
    const rule = pack.staffSupervision.find((r) => r.id === 'students-weekly')!;
    expect(editableValues(rule).map((v) => [v.kind, v.path.join('.'), v.label])).toEqual([
      ['period', 'frequency.period', 'Frequency period'],
      ['number', 'minimumMinutes', 'Minimum minutes'],
    ]);
  });

  it('walks into arrays, so each step of a stepped frequency can be changed', () => {
    const rule = pack.staffSupervision.find((r) => r.id === 'asye-stepped')!;
    const names = editableValues(rule).map((v) => v.name);
    expect(names).toContain('rule.asye-stepped.frequency.steps.1.every');
    expect(names).toContain('rule.asye-stepped.frequency.steps.0.toWeek');
    expect(editableValues(rule).map((v) => v.label)).toContain('Frequency step 2 every');
  });
});

describe('readRuleForm', () => {
  it('changes nothing when the form is sent as shown', () => {
    const reading = readRuleForm(pack, 'caseSupervision', formOf('caseSupervision'));
    expect(reading.entries).toEqual([]);
    expect(reading.errors.any).toBe(false);
  });

  it('writes a changed interval as an override of that rule', () => {
    const form: Record<string, string> = {
      ...formOf('caseSupervision'),
      'rule.child-in-need-3-monthly.interval': '6',
      'rule.child-in-need-3-monthly.interval.unit': 'weeks',
    };
    expect(readRuleForm(pack, 'caseSupervision', form).entries).toEqual([
      { id: 'child-in-need-3-monthly', interval: { unit: 'weeks', count: 6 } },
    ]);
  });

  it('writes a changed step with the whole frequency, since arrays replace', () => {
    const form = {
      ...formOf('staffSupervision'),
      'rule.asye-stepped.frequency.steps.1.every': '3',
    };
    const [entry] = readRuleForm(pack, 'staffSupervision', form).entries as [
      { id: string; frequency: { steps: { every: { count: number } }[] } },
    ];
    expect(entry.frequency.steps.map((s) => s.every.count)).toEqual([1, 3, 1]);
    const merged = applyOverrides(pack, { staffSupervision: [entry] });
    expect(merged.ok).toBe(true);
  });

  it('removes a rule when asked', () => {
    const form = { ...formOf('caseSupervision'), 'remove.care-leavers-3-monthly': 'yes' };
    expect(readRuleForm(pack, 'caseSupervision', form).entries).toEqual([
      { id: 'care-leavers-3-monthly', remove: true },
    ]);
  });

  it('asks for a whole number, naming the rule and the value', () => {
    const form = { ...formOf('caseSupervision'), 'rule.child-in-need-3-monthly.interval': '2.5' };
    const { errors } = readRuleForm(pack, 'caseSupervision', form);
    expect(errors.list).toEqual([
      {
        text: 'Rule child-in-need-3-monthly, interval must be a whole number',
        href: '#rule-child-in-need-3-monthly-interval',
      },
    ]);
  });

  it('passes 0 through for the pack’s own check to name', () => {
    const form = { ...formOf('caseSupervision'), 'rule.child-in-need-3-monthly.interval': '0' };
    const { entries } = readRuleForm(pack, 'caseSupervision', form);
    expect(entries).toEqual([
      { id: 'child-in-need-3-monthly', interval: { unit: 'months', count: 0 } },
    ]);
  });
});

describe('readTerminology', () => {
  it('keeps the terms that changed and asks for words where a term was emptied', () => {
    expect(readTerminology(pack, { 'term.group_supervision': 'reflective group' }).entries).toEqual(
      [{ group_supervision: 'reflective group' }],
    );
    const { errors } = readTerminology(pack, { 'term.group_supervision': '' });
    expect(errors.list.map((e) => e.href)).toEqual(['#term-group_supervision']);
  });
});

describe('withChanges', () => {
  it('merges a change into an earlier override of the same rule, and appends others', () => {
    const overrides = { caseSupervision: [{ id: 'a', interval: { unit: 'months', count: 1 } }] };
    expect(
      withChanges(overrides, 'caseSupervision', [
        { id: 'a', firstWithin: { unit: 'days', count: 5 } },
        { id: 'b', remove: true },
      ]),
    ).toEqual({
      caseSupervision: [
        {
          id: 'a',
          interval: { unit: 'months', count: 1 },
          firstWithin: { unit: 'days', count: 5 },
        },
        { id: 'b', remove: true },
      ],
    });
  });

  it('merges terminology by term', () => {
    expect(withChanges({ terminology: { a: 'x' } }, 'terminology', [{ b: 'y' }])).toEqual({
      terminology: { a: 'x', b: 'y' },
    });
  });
});

describe('mergedIds and problemsOnForm', () => {
  it('follows removals and additions, as applyOverrides orders the list', () => {
    const ids = mergedIds(
      pack,
      { caseSupervision: [{ id: 'early-help-3-monthly', remove: true }, { id: 'new-rule' }] },
      'caseSupervision',
    );
    expect(ids[0]).toBe('child-in-need-3-monthly');
    expect(ids.at(-1)).toBe('new-rule');
  });

  it('puts a problem on the input it names, and the rest on the overrides box', () => {
    const rules = rulesOf(pack, 'caseSupervision');
    const ids = mergedIds(pack, {}, 'caseSupervision');
    const errors = problemsOnForm(
      [
        '$.caseSupervision[1].interval.count: expected 1 or more',
        '$.caseSupervision[1].interval.unit: expected one of the units',
        '$.caseSupervision[2].match.statuses[0]: unknown child status "x"',
      ],
      rules,
      (_list, index) => ids[index],
      'caseSupervision',
    );
    expect(errors.list).toEqual([
      {
        text: 'Rule child-in-need-3-monthly, interval: expected 1 or more',
        href: '#rule-child-in-need-3-monthly-interval',
      },
      {
        text: 'Rule child-in-need-3-monthly, interval: expected one of the units',
        href: '#rule-child-in-need-3-monthly-interval-unit',
      },
      {
        text: '$.caseSupervision[2].match.statuses[0]: unknown child status "x"',
        href: '#advanced',
      },
    ]);
  });

  it('reads a problem’s list, index and path', () => {
    expect(parseProblem('$.terminology["a b"]: expected text')).toEqual({
      list: 'terminology',
      index: undefined,
      path: ['a b'],
      text: 'expected text',
    });
    expect(parseProblem('no path here')).toBeUndefined();
  });
});

describe('mergeUnchecked', () => {
  it('merges as applyOverrides does, without validating', () => {
    const overrides = {
      caseSupervision: [
        { id: 'child-in-need-3-monthly', interval: { unit: 'months', count: 1 } },
        { id: 'care-leavers-3-monthly', remove: true },
      ],
      terminology: { group_supervision: 'reflective group' },
    };
    const checked = applyOverrides(pack, overrides);
    expect(checked.ok && mergeUnchecked(pack, overrides)).toEqual(checked.ok && checked.value);
  });
});
