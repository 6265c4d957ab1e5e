/** An error that carries the status and the words to show the person who caused it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const forbiddenCsrf = () =>
  new HttpError(
    403,
    'Your form could not be sent',
    'The form was missing its security token or the token had expired. Go back, reload the page and try again.',
  );

export const notAllowed = () =>
  new HttpError(
    403,
    'You do not have access to this page',
    'Ask your administrator if you need access.',
  );

/** The 404 page for an id that is not this organisation's (or not an id at all). */
export const notFound = () =>
  new HttpError(404, 'Page not found', 'If you typed the web address, check it is correct.');
