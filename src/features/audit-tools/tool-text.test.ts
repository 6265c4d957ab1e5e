import { describe, expect, it } from 'vitest';
import { peerAuditTool, tenDimensions } from '../../domain/policy/packs/quality-tools.ts';
import { kebabOf, readToolText, toolText } from './tool-text.ts';

describe('an audit tool written as text', () => {
  it('reads sections and questions with their kinds of answer, findings and ids', () => {
    const { sections, problems } = readToolText(
      [
        '## Child’s voice',
        'Are the child’s wishes recorded? [yes/no] +findings',
        'How well is the child heard? [grade]',
        '',
        '## Management oversight',
        'Is a concern raised about the supervisor? [Yes/No, yes is a concern]',
        'Rating [RAG] +optional',
        'Notes [text]',
        'Notes [text]',
      ].join('\r\n'),
    );
    expect(problems).toEqual([]);
    expect(sections).toEqual([
      {
        id: 'childs-voice',
        heading: 'Child’s voice',
        questions: [
          {
            id: 'are-the-childs-wishes-recorded',
            text: 'Are the child’s wishes recorded?',
            answer: 'yes_no',
            findings: true,
          },
          {
            id: 'how-well-is-the-child-heard',
            text: 'How well is the child heard?',
            answer: 'grade',
          },
        ],
      },
      {
        id: 'management-oversight',
        heading: 'Management oversight',
        questions: [
          {
            id: 'is-a-concern-raised-about-the-supervisor',
            text: 'Is a concern raised about the supervisor?',
            answer: 'yes_no',
            favourable: 'no',
          },
          { id: 'rating', text: 'Rating', answer: 'rag', optional: true },
          { id: 'notes', text: 'Notes', answer: 'text' },
          { id: 'notes-2', text: 'Notes', answer: 'text' },
        ],
      },
    ]);
  });

  it('names the line of each problem', () => {
    const { problems } = readToolText(
      [
        '## Recording',
        'Is it signed? [scale]',
        'Is it shared?',
        '[yes/no]',
        'Is it dated? [yes/no] +urgent',
        '## Empty',
        '##',
      ].join('\n'),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'Line 2: “[scale]” is not a kind of answer: use [yes/no], [RAG], [grade] or [text]',
      'Line 3: end the question with its kind of answer: [yes/no], [RAG], [grade] or [text]',
      'Line 4: write the question before “[yes/no]”',
      'Line 5: “+urgent” is not known: use +findings or +optional',
      'Line 6: the section “Empty” has no questions: add questions under it or remove the heading',
      'Line 7: write the section’s heading after ##',
    ]);
    expect(readToolText('  \n ').problems).toEqual([
      { line: null, message: 'Enter the questions, one on each line' },
    ]);
  });

  it('keeps brackets inside a question, and puts questions before any heading in a section', () => {
    const { sections, problems } = readToolText('Is it signed [both parties]? [yes/no]');
    expect(problems).toEqual([]);
    expect(sections[0]).toMatchObject({
      heading: 'Questions',
      questions: [{ text: 'Is it signed [both parties]?', answer: 'yes_no' }],
    });
  });

  it('writes a tool back as the same text', () => {
    for (const tool of [peerAuditTool, tenDimensions]) {
      const { sections } = readToolText(toolText(tool));
      expect(
        sections.map((s) => ({
          heading: s.heading,
          questions: s.questions.map(({ id: _, ...q }) => q),
        })),
      ).toEqual(
        tool.sections.map((s) => ({
          heading: s.heading,
          questions: s.questions.map(({ id: _, hint: __, ...q }) => q),
        })),
      );
    }
  });

  it('makes kebab-case ids, cut at a word', () => {
    expect(kebabOf('Qualité des “records” – 2026')).toBe('qualite-des-records-2026');
    expect(kebabOf('Is there evidence that the supervisor has acted on the concerns')).toBe(
      'is-there-evidence-that-the-supervisor',
    );
    expect(kebabOf('!!!')).toBe('');
  });
});
