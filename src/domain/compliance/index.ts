export { evaluateCompliance, summarise } from './engine.ts';
export { type ComplianceScope, concerns, sliceBundle } from './scope.ts';
export type {
  CalendarPort,
  EvaluateOptions,
  Obligation,
  ObligationState,
  ObligationSubject,
} from './types.ts';
export { obligationStates } from './types.ts';
