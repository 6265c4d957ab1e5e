/**
 * A notification's or an email's plain text as blocks a page can show: paragraphs, and runs of
 * '- ' lines as bulleted lists. The text is shown through `text` options and `{{ }}` only, so
 * nothing in it is ever read as HTML.
 */
export type TextBlock = { type: 'paragraph'; text: string } | { type: 'list'; items: string[] };

export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    const item = /^\s*- (.*)$/.exec(line);
    const last = blocks.at(-1);
    if (item) {
      if (last?.type === 'list') last.items.push(item[1]!);
      else blocks.push({ type: 'list', items: [item[1]!] });
    } else {
      blocks.push({ type: 'paragraph', text: line.trim() });
    }
  }
  return blocks;
}
