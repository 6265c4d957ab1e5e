/**
 * The shared vocabulary of an organisation's structure. Policy packs match rules on these
 * values, the database constrains columns to them, and imports validate against them, so
 * there is exactly one list of each.
 */

/** What kind of post a staff member holds; ASYE and probation are stages, not categories. */
export const roleCategories = [
  'social_worker',
  'senior_practitioner',
  'family_help_worker',
  'school_safeguarding_staff',
  'student',
  'apprentice',
  'team_manager',
  'operations_manager',
  'senior_manager',
  'business_support',
] as const;
export type RoleCategory = (typeof roleCategories)[number];

export const roleCategoryLabels: Record<RoleCategory, string> = {
  social_worker: 'Social worker',
  senior_practitioner: 'Senior or advanced practitioner',
  family_help_worker: 'Family help or early help worker',
  school_safeguarding_staff: 'School or cluster safeguarding staff',
  student: 'Social work student',
  apprentice: 'Social work apprentice',
  team_manager: 'Team manager',
  operations_manager: 'Service or operations manager',
  senior_manager: 'Head of service or strategic manager',
  business_support: 'Business support',
};

/** Levels of the organisation tree: a service holds areas, an area holds teams. */
export const orgUnitKinds = ['organisation', 'service', 'area', 'team'] as const;
export type OrgUnitKind = (typeof orgUnitKinds)[number];

export const supervisoryRelationshipKinds = [
  'line_management',
  'placement_supervisor',
  'practice_educator',
  'cover',
] as const;
export type SupervisoryRelationshipKind = (typeof supervisoryRelationshipKinds)[number];

/** The kinds of user a person acts as; access decisions also look at relationships. */
export const userRoles = [
  'practitioner',
  'supervisor',
  'senior_manager',
  'auditor',
  'administrator',
  'investigating_officer',
  'inspector',
] as const;
export type UserRole = (typeof userRoles)[number];
