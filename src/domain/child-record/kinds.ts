/**
 * Which records belong on a child's record. Every framework keeps case supervision on the
 * child's record (the seeds' LCS/EHM note types, Mosaic, a school's child file), so a locked
 * version of a record of these kinds that names children is delivered to each child's record.
 */
import type { RecordKind } from '../policy/vocabulary.ts';

/** Kinds written about a child: started for one child, and kept on the child's record. */
export const childKinds: readonly RecordKind[] = [
  'case_supervision',
  'case_supervision_unplanned',
  'supervision_decision',
  'discussion_with_another_professional',
  'management_action',
  'management_oversight',
  'management_presence_at_taf',
  'informal_discussion',
  'case_summary',
];

/** A group session's own record: it goes on each child discussed (and each attendee's history). */
export const groupKinds: readonly RecordKind[] = ['group_supervision', 'group_learning'];

/** Kinds whose agreed versions are delivered to the record of each child they name. */
export const childRecordKinds: readonly RecordKind[] = [...childKinds, ...groupKinds];
