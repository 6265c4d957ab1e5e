import type { FastifyRequest } from 'fastify';
import { checkCsrfField } from './sessions.ts';

/** A form with one file, read part by part. */
export type Upload = {
  /** The form's other fields, by name (the CSRF token among them). */
  fields: Record<string, string>;
  fileName?: string;
  content?: Buffer;
  /** The file was larger than the limit: its content is not kept. */
  tooLarge?: boolean;
};

/**
 * Reads a multipart form whose CSRF token comes before its file: nothing of the file is read
 * before the token is checked, and a form with no token is refused even without a file.
 */
export async function readUpload(request: FastifyRequest, maxBytes?: number): Promise<Upload> {
  const upload: Upload = { fields: {} };
  const parts = request.parts(maxBytes === undefined ? {} : { limits: { fileSize: maxBytes } });
  for await (const part of parts) {
    if (part.type === 'field') {
      if (part.fieldname === '_csrf') checkCsrfField(request, part.value);
      upload.fields[part.fieldname] = String(part.value);
      continue;
    }
    checkCsrfField(request, upload.fields._csrf);
    upload.fileName = part.filename;
    try {
      upload.content = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      upload.tooLarge = true;
    }
  }
  checkCsrfField(request, upload.fields._csrf);
  return upload;
}
