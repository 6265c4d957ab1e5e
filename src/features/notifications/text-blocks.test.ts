import { describe, expect, it } from 'vitest';
import { textBlocks } from './text-blocks.ts';

describe('textBlocks', () => {
  it('makes paragraphs of lines and lists of runs of "- " lines', () => {
    expect(
      textBlocks('Overdue:\n- Jordan Ellis\n- case 100234\n\nDue soon:\n- Chloe Martin'),
    ).toEqual([
      { type: 'paragraph', text: 'Overdue:' },
      { type: 'list', items: ['Jordan Ellis', 'case 100234'] },
      { type: 'paragraph', text: 'Due soon:' },
      { type: 'list', items: ['Chloe Martin'] },
    ]);
  });
  it('keeps markup as text (the page escapes it)', () => {
    expect(textBlocks('<b>bold</b>')).toEqual([{ type: 'paragraph', text: '<b>bold</b>' }]);
  });
  it('gives nothing for empty text', () => {
    expect(textBlocks('\n \n')).toEqual([]);
  });
});
