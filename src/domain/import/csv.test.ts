import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv } from './csv.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function read(text: string, size = 1000) {
  const out = [];
  for await (const record of readCsv(chunksOf(text, size))) out.push(record);
  return out;
}

describe('readCsv', () => {
  it('reads records with the line each starts on', async () => {
    expect(await read('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, in any chunking', async () => {
    const text = 'name,note\r\n"Smith, Jo","said ""no""\r\nthen left"\r\nLee,\r\n';
    const expected = [
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Smith, Jo', 'said "no"\r\nthen left'] },
      { line: 4, fields: ['Lee', ''] },
    ];
    for (const size of [1, 2, 3, 7, 1000]) expect(await read(text, size)).toEqual(expected);
  });

  it('drops a byte-order mark and blank lines, and reads a last line without a line break', async () => {
    expect(await read('\ufeffa\n\n1')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['1'] },
    ]);
  });

  it('names the line of a quote that is never closed', async () => {
    await expect(read('a\n"open\n')).rejects.toThrow(CsvSyntaxError);
    await expect(read('a\n"open\n')).rejects.toMatchObject({ line: 2 });
  });

  it('rejects a stray quote inside an unquoted field', async () => {
    await expect(read('a\nab"c\n')).rejects.toMatchObject({ line: 2 });
  });
});
