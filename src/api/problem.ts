import type { FastifyReply } from 'fastify';

export type ProblemField = { name: string; problem: string };

/** RFC 9457 problem details; `errors` names each field and what is wrong with it. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  errors?: ProblemField[],
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) });
}
