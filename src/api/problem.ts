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

/** How the OpenAPI document describes a problem, shared by every path that can answer one. */
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'problem'],
        properties: { name: { type: 'string' }, problem: { type: 'string' } },
      },
    },
  },
};

/** An OpenAPI response that is a problem. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
