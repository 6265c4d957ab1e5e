import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../api/problem.ts';
import type { Config } from '../config.ts';
import { HttpError } from './http-errors.ts';

type Page = { status: number; title: string; paragraphs: string[] };

const notFound: Page = {
  status: 404,
  title: 'Page not found',
  paragraphs: [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
  ],
};

const badRequest: Page = {
  status: 400,
  title: 'Your request could not be read',
  paragraphs: ['What was sent was not in a form we understand. Go back and try again.'],
};

const serverError: Page = {
  status: 500,
  title: 'Sorry, there is a problem with the service',
  paragraphs: ['Try again later. What you entered has not been lost if you saw it saved.'],
};

/**
 * Every error becomes a GOV.UK page (or RFC 9457 problem JSON under /api). Details of an
 * unexpected error stay in the log; the page shows only the request id to quote.
 */
export function registerErrorPages(app: FastifyInstance, config: Config) {
  app.setNotFoundHandler((request, reply) => respond(request, reply, notFound));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return respond(request, reply, {
        status: error.statusCode,
        title: error.title,
        paragraphs: [error.detail],
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'rejected request');
      const detail = config.env === 'production' ? badRequest.paragraphs : [error.message];
      return respond(request, reply, { ...badRequest, status, paragraphs: detail });
    }
    request.log.error({ err: error }, 'unexpected error');
    const paragraphs =
      config.env === 'production'
        ? serverError.paragraphs
        : [...serverError.paragraphs, error.message];
    return respond(request, reply, { ...serverError, paragraphs });
  });
}

function respond(request: FastifyRequest, reply: FastifyReply, page: Page) {
  if (request.url.startsWith('/api/')) {
    return sendProblem(reply, page.status, page.title, page.paragraphs.join(' '));
  }
  return reply
    .code(page.status)
    .type('text/html; charset=utf-8')
    .view('error.njk', {
      ...reply.locals,
      title: page.title,
      paragraphs: page.paragraphs,
      requestId: page.status >= 500 ? request.id : undefined,
    });
}
