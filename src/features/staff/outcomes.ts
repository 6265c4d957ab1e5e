import { HttpError } from '../../web/http-errors.ts';

/** The 404 page for an id that is not this organisation's (or not an id at all). */
export const notFound = () =>
  new HttpError(404, 'Page not found', 'If you typed the web address, check it is correct.');
