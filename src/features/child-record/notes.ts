/**
 * The notes of deliveries, made once from the locked version and kept on the delivery, so
 * every attempt at the webhook and every download of an export carries the same words.
 */
import type { Repositories } from '../../data-access/index.ts';
import { type ChildNote, childNote } from '../../domain/child-record/note.ts';

/** The agreed version's page in Oversight. */
export const versionPath = (recordId: string, version: number) =>
  `/records/${recordId}/versions/${version}`;

/** Made this many at a time, so an export of a large backlog reads in bounded pieces. */
const batch = 500;

/** The notes of these deliveries, by delivery id; a delivery of another organisation has none. */
export async function notesOf(
  repos: Repositories,
  organisationId: string,
  ids: readonly string[],
  baseUrl: string | undefined,
): Promise<Map<string, ChildNote>> {
  const link = (path: string) => (baseUrl ? new URL(path, baseUrl).href : path);
  const notes = new Map<string, ChildNote>();
  for (let start = 0; start < ids.length; start += batch) {
    const part = ids.slice(start, start + batch);
    const stored = await repos.childRecord.storedNotes(organisationId, part);
    const missing = part.filter((id) => !stored.has(id));
    if (missing.length > 0) {
      const sources = await repos.childRecord.noteSources(organisationId, missing);
      await repos.childRecord.storeNotes(
        organisationId,
        sources.map((source) => ({
          id: source.deliveryId,
          note: childNote({ ...source, link: link(versionPath(source.recordId, source.version)) }),
        })),
      );
      // Read back: a process making the same note at the same moment may have kept its own.
      for (const [id, note] of await repos.childRecord.storedNotes(organisationId, missing))
        stored.set(id, note);
    }
    for (const [id, note] of stored) notes.set(id, note);
  }
  return notes;
}
