/** Supervision records: what their forms accept, their quality checks, deadlines and life. */
export * from './answers.ts';
export * from './deadlines.ts';
export * from './generic-templates.ts';
export * from './headline.ts';
export * from './lifecycle.ts';
export * from './quality.ts';
export * from './types.ts';
