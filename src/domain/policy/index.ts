export { applyOverrides, deepMerge, type PackOverrides } from './overrides.ts';
export { formatProblems, jsonPath, type Parsed } from './problems.ts';
export { getPack, listPacks, packIds } from './registry.ts';
export * from './schema.ts';
export { validatePack } from './validate.ts';
export * from './vocabulary.ts';
