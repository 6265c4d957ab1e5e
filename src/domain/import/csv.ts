/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF, a leading byte-order mark). It yields each record with the line it starts on, so
 * every problem can name its line however large the file.
 */

export type CsvRecord = { line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export async function* readCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  /** Inside quotes, a quote seen at the end of a chunk may start a doubled quote. */
  let quoteEnds = false;
  let fieldWasQuoted = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  const endRecord = (): CsvRecord | undefined => {
    fields.push(field);
    const record = { line: recordLine, fields };
    field = '';
    fields = [];
    fieldWasQuoted = false;
    // A blank line is not a record.
    return record.fields.length === 1 && record.fields[0] === '' ? undefined : record;
  };
  let previousCr = false;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (quoteEnds) {
        quoteEnds = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (c === '"') quoteEnds = true;
        else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '\n' && previousCr) {
        previousCr = false;
        continue;
      }
      previousCr = c === '\r';
      if (c === ',') {
        fields.push(field);
        field = '';
        fieldWasQuoted = false;
      } else if (c === '\n' || c === '\r') {
        const record = endRecord();
        if (record) yield record;
        line++;
        recordLine = line;
      } else if (c === '"') {
        if (field !== '' || fieldWasQuoted) {
          throw new CsvSyntaxError(
            line,
            'a quote (") inside an unquoted field; put the whole field in quotes and double the quote',
          );
        }
        quoted = true;
        fieldWasQuoted = true;
      } else {
        if (fieldWasQuoted) {
          throw new CsvSyntaxError(line, 'text after the closing quote of a field');
        }
        field += c;
      }
    }
  }
  if (quoted && !quoteEnds) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  const record = endRecord();
  if (record) yield record;
}
