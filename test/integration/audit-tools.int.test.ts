import { describe, expect, it } from 'vitest';
import { organisationPolicy } from '../../src/domain/compliance/organisation-policy.ts';
import { peerAuditTool, tenDimensions } from '../../src/domain/policy/packs/quality-tools.ts';
import { testApp } from '../support/app.ts';
import { accounts, errorSummary, formOf, signedIn, textOf } from './organisation-helpers.ts';

const base = '/organisation/audit-tools';

const caseFileAudit = [
  '## Planning',
  'Is there a clear plan for the child? [yes/no] +findings',
  'How well is the plan reviewed? [grade]',
  '',
  '## Oversight',
  'Is there a concern about the supervisor’s practice? [yes/no, yes is a concern] +findings',
  'Overall rating [RAG]',
  'Anything else [text] +optional',
].join('\n');

describe('the organisation’s audit tools', async () => {
  const { app, pool } = await testApp();
  const organisationId = (await pool.query("SELECT id FROM organisation WHERE slug = 'northshire'"))
    .rows[0].id as string;
  const overrides = async () =>
    (await pool.query('SELECT overrides FROM organisation WHERE id = $1', [organisationId])).rows[0]
      .overrides;
  const admin = await signedIn(app, accounts.admin);

  /** Fills the add form as a person would, from the page's own form. */
  async function add(fields: Record<string, string>) {
    const form = formOf((await admin.get(`${base}/new`)).body, `${base}/new`);
    return admin.post(`${base}/new`, { ...form, ...fields });
  }

  it('lists the tools in force with where each comes from, reached from the organisation page', async () => {
    expect((await admin.get('/organisation')).body).toContain(`href="${base}"`);
    const list = await admin.get(base);
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    // The demo council adds the seeds' tools through its own quality assurance framework.
    expect(text).toContain(
      `${tenDimensions.name} Supervision records Your organisation 10 10 qa-record-dip-sample`,
    );
    expect(text).toContain(
      `${peerAuditTool.name} Supervision files and Supervision records Your organisation 1 12 ops-manager-file-audit`,
    );
  });

  it('shows every section and question of a tool', async () => {
    const page = textOf((await admin.get(`${base}/ten-dimensions`)).body);
    for (const section of tenDimensions.sections) expect(page).toContain(section.heading);
    expect(page).toContain(
      'How well does the record meet this dimension? Outstanding, Good, Requires improvement or Inadequate (Outstanding or Good show good practice) Findings and actions noted',
    );
    const peer = textOf((await admin.get(`${base}/peer-audit`)).body);
    for (const q of peerAuditTool.sections[0]!.questions) expect(peer).toContain(q.text);
    expect(peer).toContain('Yes or No (No shows good practice)');
    // Used by a sampling plan: it stays.
    expect(peer).toContain('The sampling plan “ops-manager-file-audit” uses this tool');
    expect((await admin.get(`${base}/no-such-tool`)).statusCode).toBe(404);
  });

  it('adds a tool of two sections, which a sampling plan can then name', async () => {
    const saved = await add({
      name: 'Case file audit',
      purpose: 'Quarterly look at case files',
      of: 'supervision_files',
      questions: caseFileAudit,
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base}/case-file-audit?done=added`);

    const stored = (await overrides()).auditTools.find(
      (t: { id: string }) => t.id === 'case-file-audit',
    );
    expect(stored).toMatchObject({
      name: 'Case file audit',
      purpose: 'Quarterly look at case files',
      of: ['supervision_files'],
      sections: [
        {
          id: 'planning',
          heading: 'Planning',
          questions: [
            {
              id: 'is-there-a-clear-plan-for-the-child',
              answer: 'yes_no',
              findings: true,
            },
            { id: 'how-well-is-the-plan-reviewed', answer: 'grade' },
          ],
        },
        {
          id: 'oversight',
          heading: 'Oversight',
          questions: [
            { answer: 'yes_no', favourable: 'no', findings: true },
            { id: 'overall-rating', answer: 'rag' },
            { id: 'anything-else', answer: 'text', optional: true },
          ],
        },
      ],
    });
    const logged = await pool.query(
      "SELECT detail FROM audit_event WHERE action = 'audit_tool.added' AND resource_id = $1",
      [stored.id],
    );
    expect(logged.rows.map((r) => r.detail)).toEqual([
      {
        name: 'Case file audit',
        of: ['supervision_files'],
        sections: 2,
        questions: 5,
        // Saved as a policy version, by the administrator, with why.
        version: expect.any(Number),
        reason: 'Audit tool “Case file audit” added on the audit tools page',
      },
    ]);

    const list = textOf((await admin.get(base)).body);
    expect(list).toContain('Case file audit Supervision files Your organisation 2 5 None');
    const page = textOf((await admin.get(`${base}/case-file-audit?done=added`)).body);
    expect(page).toContain('Audit tool added');
    expect(page).toContain('Is there a concern about the supervisor’s practice?');

    // The pack with the tool is a pack a sampling plan can name it in, as for any other tool.
    const organisation = (
      await pool.query(
        'SELECT slug, name, policy_pack_id, overrides FROM organisation WHERE id = $1',
        [organisationId],
      )
    ).rows[0];
    const withPlan = (tool: string) =>
      organisationPolicy({
        id: organisation.slug,
        name: organisation.name,
        policy: organisation.policy_pack_id,
        bankHolidayRegion: 'england-and-wales',
        overrides: {
          ...organisation.overrides,
          audits: [
            ...organisation.overrides.audits,
            {
              id: 'case-file-sample',
              source: { seed: 'Northshire', section: 'Case files' },
              auditor: { roleCategories: ['operations_manager'] },
              per: 'quarter',
              tool,
              subjects: { kind: 'sample', count: 1, of: 'supervision_files' },
            },
          ],
        },
      });
    const policy = withPlan('case-file-audit');
    expect(policy.ok).toBe(true);
    if (policy.ok)
      expect(policy.value.pack.auditTools?.map((t) => t.id)).toContain('case-file-audit');
    expect(withPlan('no-such-tool').ok).toBe(false);
  });

  it('names the line of a malformed question and saves nothing', async () => {
    const before = await overrides();
    const response = await add({
      name: 'Recording audit',
      of: 'supervision_records',
      questions:
        '## Recording\nIs it signed? [yes/no]\nIs it shared? [scale]\nIs it dated [yes/no] +urgent',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      {
        text: 'Line 3: “[scale]” is not a kind of answer: use [yes/no], [RAG], [grade] or [text]',
        href: '#questions',
      },
      { text: 'Line 4: “+urgent” is not known: use +findings or +optional', href: '#questions' },
    ]);
    // What was typed is kept.
    expect(response.body).toContain('Is it shared? [scale]');
    expect(response.body).toContain('value="Recording audit"');
    expect(await overrides()).toEqual(before);
  });

  it('asks for every field', async () => {
    const response = await add({ name: '', questions: '' });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Enter the name of the audit tool', href: '#name' },
      { text: 'Select what the tool audits', href: '#of' },
      { text: 'Enter the questions, one on each line', href: '#questions' },
    ]);
  });

  it('refuses a name, or an id made from it, that another tool has', async () => {
    const before = await overrides();
    for (const name of [peerAuditTool.name.toUpperCase(), 'Case-file audit!']) {
      const response = await add({ name, of: 'supervision_files', questions: 'Seen? [yes/no]' });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)[0]?.href).toBe('#name');
      expect(errorSummary(response.body)[0]?.text).toMatch(
        /^There is already an audit tool called/,
      );
    }
    expect(await overrides()).toEqual(before);
  });

  it('starts a new tool from an existing one', async () => {
    const form = formOf((await admin.get(`${base}/new?from=peer-audit`)).body, `${base}/new`);
    expect(form.of).toBe('both');
    const page = (await admin.get(`${base}/new?from=peer-audit`)).body;
    expect(page).toContain('## Audit questions');
    expect(page).toContain('[yes/no, yes is a concern] +findings');
  });

  it('retires the organisation’s own tool when no plan uses it, never the pack’s or one in use', async () => {
    const inUse = await admin.post(`${base}/ten-dimensions/remove`, {});
    expect(inUse.statusCode).toBe(409);
    expect(textOf(inUse.body)).toContain('The sampling plan “qa-record-dip-sample” uses this tool');
    expect((await overrides()).auditTools.map((t: { id: string }) => t.id)).toContain(
      'ten-dimensions',
    );

    const confirm = await admin.get(`${base}/case-file-audit/remove`);
    expect(textOf(confirm.body)).toContain('Remove Case file audit?');
    const removed = await admin.post(`${base}/case-file-audit/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(`${base}?done=removed`);
    expect((await overrides()).auditTools.map((t: { id: string }) => t.id)).toEqual([
      'ten-dimensions',
      'peer-audit',
    ]);
    expect(textOf((await admin.get(base)).body)).not.toContain('Case file audit');
    const logged = await pool.query(
      "SELECT 1 FROM audit_event WHERE action = 'audit_tool.removed' AND resource_id = 'case-file-audit'",
    );
    expect(logged.rowCount).toBe(1);
  });

  it('lets quality assurance read the tools, only administrators change them', async () => {
    const auditor = await signedIn(app, 'auditor@northshire.example');
    expect((await auditor.get(base)).statusCode).toBe(200);
    expect((await auditor.get(base)).body).not.toContain('Add an audit tool');
    expect((await auditor.get(`${base}/new`)).statusCode).toBe(403);
    const before = await overrides();
    const refused = await auditor.post(`${base}/new`, {
      name: 'Sneaky tool',
      of: 'supervision_records',
      questions: 'Seen? [yes/no]',
    });
    expect(refused.statusCode).toBe(403);
    expect(await overrides()).toEqual(before);

    for (const email of [accounts.practitioner, accounts.supervisor]) {
      const client = await signedIn(app, email);
      expect((await client.get(base)).statusCode).toBe(403);
      expect((await client.get(`${base}/ten-dimensions`)).statusCode).toBe(403);
    }
  });

  it('refuses a form without its security token', async () => {
    await admin.get(`${base}/new`);
    const response = await admin.postRaw(`${base}/new`, {
      name: 'No token',
      of: 'supervision_records',
      questions: 'Seen? [yes/no]',
    });
    expect(response.statusCode).toBe(403);
  });
});
