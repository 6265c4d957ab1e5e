export { parseBundle } from './parse.ts';
export * from './schema.ts';
