import { describe, expect, it } from 'vitest';
import { getPack } from './registry.ts';
import type { PolicyPack } from './schema.ts';
import { validatePack } from './validate.ts';

// Issue 13, bad input: "A rule that contradicts itself (for example an interval of 0, or a
// deadline before the event), an unknown status code, a template without a field the pack's
// rules refer to: named errors, nothing saved."

// biome-ignore lint/suspicious/noExplicitAny: a test edits a pack as loose JSON, as an author would
type Editable = Record<string, any>;

function problemsOf(id: string, change: (pack: Editable) => void): string[] {
  const pack = structuredClone(getPack(id)) as Editable;
  change(pack);
  const result = validatePack(pack);
  return result.ok ? [] : result.problems;
}

describe('a rule that contradicts itself', () => {
  it('names an interval of 0 with its path', () => {
    const problems = problemsOf('manchester', (p) => {
      p.caseSupervision[0].interval.count = 0;
    });
    expect(problems).toEqual([
      '$.caseSupervision[0].interval.count: an interval of 0 weeks contradicts itself: expected 1 or more',
    ]);
  });

  it('names a negative staff supervision interval', () => {
    const problems = problemsOf('durham-one-point-2022', (p) => {
      p.staffSupervision[0].frequency = { kind: 'every', period: { unit: 'weeks', count: -4 } };
    });
    expect(problems).toEqual([
      '$.staffSupervision[0].frequency.period.count: an interval of -4 weeks contradicts itself: expected 1 or more',
    ]);
  });

  it('names a recording deadline before the session it follows', () => {
    const problems = problemsOf('systemic-4x4x4', (p) => {
      p.recordingDeadlines[0].deadline = {
        kind: 'within',
        period: { unit: 'working_days', count: -5 },
      };
    });
    expect(problems).toEqual([
      '$.recordingDeadlines[0].deadline.period.count: a deadline of -5 working days falls before its event: expected 1 or more',
    ]);
  });

  it('names a deadline of 0 days after the event', () => {
    const problems = problemsOf('durham-one-point-2022', (p) => {
      p.absences[0].rebookWithin.count = 0;
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\$\.absences\[0\]\.rebookWithin\.count: a deadline of 0 \w[\w ]* leaves no time after its event/,
    );
  });

  it('names a window that ends before it opens', () => {
    const problems = problemsOf('systemic-4x4x4', (p) => {
      p.eventTriggers.push({
        id: 'local-review',
        source: { seed: p.seed, section: 'local' },
        trigger: { on: 'involvement_start' },
        windowOpensAfter: { unit: 'weeks', count: 6 },
        dueAfter: { unit: 'working_days', count: 5 },
      });
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^\$\.eventTriggers\[\d+\]\.windowOpensAfter: the window ends before it opens \(opens 6 weeks after the event, due 5 working days after it\)/,
      ),
    ]);
  });

  it('allows a window that opens on the day it is due, in other units', () => {
    const problems = problemsOf('systemic-4x4x4', (p) => {
      p.eventTriggers.push({
        id: 'local-review',
        source: { seed: p.seed, section: 'local' },
        trigger: { on: 'involvement_start' },
        windowOpensAfter: { unit: 'days', count: 7 },
        dueAfter: { unit: 'weeks', count: 1 },
      });
    });
    expect(problems).toEqual([]);
  });

  it('names a maximum length below the minimum', () => {
    const problems = problemsOf('durham-one-point-2022', (p) => {
      p.staffSupervision[0].minimumMinutes = 90;
      p.staffSupervision[0].maximumMinutes = 60;
    });
    expect(problems).toEqual([
      '$.staffSupervision[0].maximumMinutes: a maximum of 60 minutes is below the minimum of 90: expected at least 90',
    ]);
  });
});

describe('an unknown code', () => {
  it('names the status code and lists the known ones', () => {
    const problems = problemsOf('manchester', (p) => {
      p.caseSupervision[0].match.statuses = ['child_protection_plan'];
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\$\.caseSupervision\[0\]\.match\.statuses\[0\]: unknown child status "child_protection_plan": expected one of early_help, assessment, child_in_need, child_protection,/,
    );
  });

  it('names an unknown role and an unknown record kind', () => {
    const problems = problemsOf('durham-one-point-2022', (p) => {
      p.staffSupervision[0].match.roleCategories = ['wizard'];
      p.templates[0].recordKind = 'diary';
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^\$\.staffSupervision\[0\]\.match\.roleCategories\[0\]: unknown role "wizard": expected one of social_worker,/,
      ),
      expect.stringMatching(
        /^\$\.templates\[0\]\.recordKind: unknown record kind "diary": expected one of personal_supervision,/,
      ),
    ]);
  });
});

describe('a template without a field the rules refer to', () => {
  const withoutChildViews = (p: Editable) => {
    for (const template of p.templates)
      for (const section of template.sections)
        section.fields = (section.fields ?? []).filter(
          (f: { purpose?: string }) => f.purpose !== 'child_views',
        );
  };

  it('names the template and the rule', () => {
    const problems = problemsOf('manchester', withoutChildViews);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(
      /^\$\.templates\[0\] \(nor \$\.templates\[1\]\): no case_supervision template has a field for child views \(purpose "child_views"\), which \$\.recordQuality\[1\] \("[a-z-]+"\) refers to/,
    );
  });

  it('is no problem once the rule leaves the kind out', () => {
    const problems = problemsOf('manchester', (p) => {
      withoutChildViews(p);
      p.recordQuality = (p.recordQuality as PolicyPack['recordQuality'])?.filter(
        (r) => r.check !== 'child_views',
      );
    });
    expect(problems).toEqual([]);
  });
});
