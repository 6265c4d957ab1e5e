/** Words the record pages show for codes. */
import type { RecordParty } from '../../domain/policy/schema.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import type { ActionOutcome, VersionStatus } from '../../domain/records/types.ts';

const kind: Record<RecordKind, string> = {
  personal_supervision: 'Personal supervision',
  case_supervision: 'Case supervision',
  case_supervision_unplanned: 'Unplanned case supervision',
  group_supervision: 'Group supervision',
  group_learning: 'Group learning',
  direct_observation: 'Direct observation of practice',
  supervision_decision: 'Supervision decision record',
  discussion_with_another_professional: 'Discussion with another professional',
  management_action: 'Management action',
  management_oversight: 'Management oversight',
  management_presence_at_taf: 'Management presence at a TAF meeting',
  informal_discussion: 'Informal discussion',
  case_summary: 'Case summary',
  pdr: 'Performance and development review (PDR)',
  supervision_agreement: 'Supervision agreement',
  agreement_review: 'Review of the supervision agreement',
  effectiveness_review: 'Review of how supervision is working',
  handover_note: 'Handover on a change of supervisor',
};

const status: Record<VersionStatus, string> = {
  draft: 'Draft',
  shared: 'Waiting for signatures',
  locked: 'Locked',
};

const statusColour: Record<VersionStatus, string> = {
  draft: 'grey',
  shared: 'yellow',
  locked: 'green',
};

const party: Record<RecordParty, string> = {
  supervisee: 'Supervisee',
  supervisor: 'Supervisor',
  observer: 'Observer',
  line_manager: 'Supervisee’s line manager',
};

const outcome: Record<ActionOutcome, string> = {
  open: 'Still open',
  completed: 'Completed',
  dropped: 'Dropped',
};

export const labels = { kind, status, statusColour, party, outcome };
