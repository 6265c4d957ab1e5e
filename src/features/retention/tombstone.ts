import type { Repositories } from '../../data-access/index.ts';
import { dateInWords } from '../../domain/calendar/date-words.ts';
import { isoDateAt } from '../../domain/calendar/iso-date.ts';
import { HttpError, notFound } from '../../web/http-errors.ts';

/**
 * The error for a record id that is not there: 410 Gone, with no content, where a retention
 * run deleted it (so links to it still say what happened); 404 otherwise.
 */
export async function goneOrNotFound(
  repos: Repositories,
  organisationId: string,
  id: string,
): Promise<HttpError> {
  const tombstone = await repos.retention.tombstone(organisationId, id);
  if (!tombstone) return notFound();
  return new HttpError(
    410,
    'This record has been deleted',
    `It was deleted under the retention policy on ${dateInWords(isoDateAt(tombstone.deletedAt))}. Nothing of what it said is kept.`,
  );
}
