/** Supervision agreements: templates, the agreed frequency and its floor, and their life. */
export * from './frequency-floor.ts';
export * from './lifecycle.ts';
export * from './templates.ts';
