/** Words the organisation and staff pages show for the shared vocabulary. */
import {
  type OrgUnitKind,
  roleCategoryLabels,
  type SupervisoryRelationshipKind,
} from '../../domain/organisation/vocabulary.ts';
import type { AbsenceKind, TeamType } from '../../domain/policy/vocabulary.ts';

export const relationshipKindLabels: Record<SupervisoryRelationshipKind, string> = {
  line_management: 'Line management',
  placement_supervisor: 'Placement supervisor',
  practice_educator: 'Practice educator',
  cover: 'Temporary cover',
};

export const absenceKindLabels: Record<AbsenceKind, string> = {
  annual_leave: 'Annual leave',
  sickness: 'Sickness',
  maternity: 'Maternity or other parental leave',
  other: 'Other',
};

export const orgUnitKindLabels: Record<OrgUnitKind, string> = {
  organisation: 'Organisation',
  service: 'Service',
  area: 'Area',
  team: 'Team',
};

export const teamTypeLabels: Record<TeamType, string> = {
  family_help: 'Family help',
  social_work: 'Social work',
  school_cluster: 'School cluster',
  other: 'Other',
};

/** Every label map, for the templates. */
export const labels = {
  roleCategory: roleCategoryLabels,
  relationshipKind: relationshipKindLabels,
  absenceKind: absenceKindLabels,
  orgUnitKind: orgUnitKindLabels,
  teamType: teamTypeLabels,
};
