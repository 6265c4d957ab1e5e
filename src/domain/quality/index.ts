/** Quality assurance of supervision: sampling, audit answers and life, supervisees' feedback. */
export * from './answers.ts';
export * from './feedback.ts';
export * from './sampling.ts';
export * from './workflow.ts';
