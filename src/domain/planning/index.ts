/** Planning supervision: the forward planner, the rules of a session, and absence arrangements. */
export * from './absences.ts';
export * from './planner.ts';
export * from './sessions.ts';
export * from './time.ts';
export * from './words.ts';
