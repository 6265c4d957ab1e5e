import { createHash } from 'node:crypto';
import type { RoleCategory, UserRole } from '../../domain/organisation/vocabulary.ts';

/**
 * Northshire, a fictional council: two services, five teams and business support, 41 staff across
 * every role category, with an ASYE social worker, a student, an apprentice, part-time staff
 * and business support. Dates are set relative to the day it is loaded so the demo never ages.
 */
export const demoSlug = 'northshire';
export const demoPassword = 'northshire-demo-2026';

export type DemoUnit = {
  key: string;
  kind: 'service' | 'area' | 'team';
  name: string;
  parent?: string;
};
export type DemoStaff = {
  key: string;
  name: string;
  jobTitle: string;
  roleCategory: RoleCategory;
  caseHolding: boolean;
  hours: number;
  team: string;
  manager?: string;
  /** Whole weeks before the load date. */
  startedWeeksAgo: number;
  asyeWeeksAgo?: number;
  placementWeeksAgo?: number;
};
export type DemoAccount = {
  email: string;
  staff?: string;
  name: string;
  roles: UserRole[];
  kind: string;
};

export const demoUnits: DemoUnit[] = [
  { key: 'csc', kind: 'service', name: "Children's Social Work Service" },
  { key: 'north', kind: 'area', name: 'North Area', parent: 'csc' },
  { key: 'south', kind: 'area', name: 'South Area', parent: 'csc' },
  {
    key: 'ait-north',
    kind: 'team',
    name: 'Assessment and Intervention Team North',
    parent: 'north',
  },
  { key: 'cp-north', kind: 'team', name: 'Child Protection and Court Team North', parent: 'north' },
  { key: 'cic-south', kind: 'team', name: 'Children in Care Team South', parent: 'south' },
  { key: 'eh', kind: 'service', name: 'Families First Early Help' },
  { key: 'eh-area', kind: 'area', name: 'Early Help Localities', parent: 'eh' },
  { key: 'fh-east', kind: 'team', name: 'Family Help Team East', parent: 'eh-area' },
  { key: 'fh-west', kind: 'team', name: 'Family Help Team West', parent: 'eh-area' },
  { key: 'bs', kind: 'team', name: 'Business Support', parent: 'csc' },
];

const sw = (
  key: string,
  name: string,
  team: string,
  manager: string,
  startedWeeksAgo: number,
  hours = 37,
) =>
  ({
    key,
    name,
    jobTitle: 'Social Worker',
    roleCategory: 'social_worker',
    caseHolding: true,
    hours,
    team,
    manager,
    startedWeeksAgo,
  }) satisfies DemoStaff;
const fhw = (
  key: string,
  name: string,
  team: string,
  manager: string,
  startedWeeksAgo: number,
  hours = 37,
) =>
  ({
    key,
    name,
    jobTitle: 'Family Help Worker',
    roleCategory: 'family_help_worker',
    caseHolding: true,
    hours,
    team,
    manager,
    startedWeeksAgo,
  }) satisfies DemoStaff;

export const demoStaff: DemoStaff[] = [
  {
    key: 'hos',
    name: 'Margaret Oduya',
    jobTitle: 'Head of Service',
    roleCategory: 'senior_manager',
    caseHolding: false,
    hours: 37,
    team: 'csc',
    startedWeeksAgo: 520,
  },
  {
    key: 'qa-hos',
    name: 'Richard Haworth',
    jobTitle: 'Head of Service, Quality Assurance',
    roleCategory: 'senior_manager',
    caseHolding: false,
    hours: 37,
    team: 'csc',
    manager: 'hos',
    startedWeeksAgo: 300,
  },
  {
    key: 'om-north',
    name: 'Priya Raman',
    jobTitle: 'Operations Manager, North',
    roleCategory: 'operations_manager',
    caseHolding: false,
    hours: 37,
    team: 'north',
    manager: 'hos',
    startedWeeksAgo: 410,
  },
  {
    key: 'om-south',
    name: 'Gareth Lloyd',
    jobTitle: 'Operations Manager, South',
    roleCategory: 'operations_manager',
    caseHolding: false,
    hours: 37,
    team: 'south',
    manager: 'hos',
    startedWeeksAgo: 380,
  },
  {
    key: 'om-eh',
    name: 'Helen Carr',
    jobTitle: 'Early Help Service Manager',
    roleCategory: 'operations_manager',
    caseHolding: false,
    hours: 37,
    team: 'eh-area',
    manager: 'hos',
    startedWeeksAgo: 350,
  },
  {
    key: 'tm-ait',
    name: 'Daniel Okafor',
    jobTitle: 'Team Manager',
    roleCategory: 'team_manager',
    caseHolding: false,
    hours: 37,
    team: 'ait-north',
    manager: 'om-north',
    startedWeeksAgo: 260,
  },
  {
    key: 'tm-cp',
    name: 'Sarah Whitfield',
    jobTitle: 'Team Manager',
    roleCategory: 'team_manager',
    caseHolding: false,
    hours: 37,
    team: 'cp-north',
    manager: 'om-north',
    startedWeeksAgo: 190,
  },
  {
    key: 'tm-cic',
    name: 'Tom Brennan',
    jobTitle: 'Team Manager',
    roleCategory: 'team_manager',
    caseHolding: false,
    hours: 37,
    team: 'cic-south',
    manager: 'om-south',
    startedWeeksAgo: 230,
  },
  {
    key: 'tm-fhe',
    name: 'Aisha Begum',
    jobTitle: 'Family Help Team Manager',
    roleCategory: 'team_manager',
    caseHolding: false,
    hours: 37,
    team: 'fh-east',
    manager: 'om-eh',
    startedWeeksAgo: 160,
  },
  {
    key: 'tm-fhw',
    name: 'Craig Robson',
    jobTitle: 'Family Help Team Manager',
    roleCategory: 'team_manager',
    caseHolding: false,
    hours: 30,
    team: 'fh-west',
    manager: 'om-eh',
    startedWeeksAgo: 140,
  },
  {
    key: 'ap-ait',
    name: 'Nadia Kowalski',
    jobTitle: 'Advanced Practitioner',
    roleCategory: 'senior_practitioner',
    caseHolding: true,
    hours: 37,
    team: 'ait-north',
    manager: 'tm-ait',
    startedWeeksAgo: 330,
  },
  {
    key: 'sp-cp',
    name: 'Owen Pritchard',
    jobTitle: 'Senior Social Worker',
    roleCategory: 'senior_practitioner',
    caseHolding: true,
    hours: 37,
    team: 'cp-north',
    manager: 'tm-cp',
    startedWeeksAgo: 280,
  },
  {
    key: 'sp-cic',
    name: 'Grace Adeyemi',
    jobTitle: 'Senior Social Worker',
    roleCategory: 'senior_practitioner',
    caseHolding: true,
    hours: 37,
    team: 'cic-south',
    manager: 'tm-cic',
    startedWeeksAgo: 250,
  },
  sw('sw-ait-1', 'Jordan Ellis', 'ait-north', 'tm-ait', 120),
  sw('sw-ait-2', 'Fatima Hussain', 'ait-north', 'tm-ait', 90),
  sw('sw-ait-3', 'Liam Doherty', 'ait-north', 'tm-ait', 60, 22.5),
  {
    ...sw('asye', 'Chloe Martin', 'ait-north', 'tm-ait', 11),
    jobTitle: 'Newly Qualified Social Worker (ASYE)',
    asyeWeeksAgo: 11,
  },
  sw('sw-cp-1', 'Ben Ashworth', 'cp-north', 'tm-cp', 200),
  sw('sw-cp-2', 'Yasmin Patel', 'cp-north', 'tm-cp', 150),
  sw('sw-cp-3', 'Rhys Morgan', 'cp-north', 'tm-cp', 75),
  sw('sw-cp-4', 'Eleanor Shaw', 'cp-north', 'tm-cp', 40, 18.5),
  sw('sw-cic-1', 'Marcus Green', 'cic-south', 'tm-cic', 170),
  sw('sw-cic-2', 'Hannah Price', 'cic-south', 'tm-cic', 110),
  sw('sw-cic-3', 'Samuel Osei', 'cic-south', 'tm-cic', 55),
  {
    key: 'student',
    name: 'Amelia Turner',
    jobTitle: 'Social Work Student',
    roleCategory: 'student',
    caseHolding: true,
    hours: 37,
    team: 'cic-south',
    manager: 'tm-cic',
    startedWeeksAgo: 7,
    placementWeeksAgo: 7,
  },
  {
    key: 'apprentice',
    name: 'Kieran Walsh',
    jobTitle: 'Social Work Apprentice',
    roleCategory: 'apprentice',
    caseHolding: true,
    hours: 37,
    team: 'cp-north',
    manager: 'tm-cp',
    startedWeeksAgo: 60,
  },
  fhw('fhw-e-1', 'Lucy Fenwick', 'fh-east', 'tm-fhe', 210),
  fhw('fhw-e-2', 'Mohammed Ali', 'fh-east', 'tm-fhe', 95),
  fhw('fhw-e-3', 'Joanne Pearson', 'fh-east', 'tm-fhe', 45, 18.5),
  fhw('fhw-w-1', 'Stephen Clarke', 'fh-west', 'tm-fhw', 180),
  fhw('fhw-w-2', 'Zara Ahmed', 'fh-west', 'tm-fhw', 80),
  fhw('fhw-w-3', 'Paul Henderson', 'fh-west', 'tm-fhw', 30),
  {
    key: 'skw-e',
    name: 'Denise Armstrong',
    jobTitle: 'Senior Key Worker',
    roleCategory: 'senior_practitioner',
    caseHolding: true,
    hours: 37,
    team: 'fh-east',
    manager: 'tm-fhe',
    startedWeeksAgo: 270,
  },
  {
    key: 'bs-lead',
    name: 'Karen Wilson',
    jobTitle: 'Business Support Team Leader',
    roleCategory: 'business_support',
    caseHolding: false,
    hours: 37,
    team: 'bs',
    manager: 'om-south',
    startedWeeksAgo: 400,
  },
  {
    key: 'bs-1',
    name: 'Ian Marshall',
    jobTitle: 'Business Support Officer',
    roleCategory: 'business_support',
    caseHolding: false,
    hours: 37,
    team: 'bs',
    manager: 'bs-lead',
    startedWeeksAgo: 240,
  },
  {
    key: 'bs-2',
    name: 'Leanne Scott',
    jobTitle: 'Business Support Officer',
    roleCategory: 'business_support',
    caseHolding: false,
    hours: 18.5,
    team: 'bs',
    manager: 'bs-lead',
    startedWeeksAgo: 130,
  },
  {
    key: 'bs-3',
    name: 'Adam Fletcher',
    jobTitle: 'Systems Administrator',
    roleCategory: 'business_support',
    caseHolding: false,
    hours: 37,
    team: 'bs',
    manager: 'bs-lead',
    startedWeeksAgo: 100,
  },
  fhw('fhw-w-4', 'Rebecca Lowe', 'fh-west', 'tm-fhw', 20, 22.5),
  sw('sw-ait-4', 'Imran Shah', 'ait-north', 'tm-ait', 16),
  {
    key: 'school-dsl',
    name: 'Michelle Kerr',
    jobTitle: 'Schools Safeguarding Officer',
    roleCategory: 'school_safeguarding_staff',
    caseHolding: true,
    hours: 32.5,
    team: 'fh-east',
    manager: 'tm-fhe',
    startedWeeksAgo: 85,
  },
  {
    key: 'pe',
    name: 'Dr Ruth Sinclair',
    jobTitle: 'Practice Educator',
    roleCategory: 'senior_practitioner',
    caseHolding: false,
    hours: 15,
    team: 'csc',
    manager: 'qa-hos',
    startedWeeksAgo: 150,
  },
];

/** One account per kind of user, each signing in with the demo password. */
export const demoAccounts: DemoAccount[] = [
  {
    kind: 'Practitioner (social worker)',
    email: 'practitioner@northshire.example',
    staff: 'sw-ait-1',
    name: 'Jordan Ellis',
    roles: ['practitioner'],
  },
  {
    kind: 'Practitioner (ASYE)',
    email: 'asye@northshire.example',
    staff: 'asye',
    name: 'Chloe Martin',
    roles: ['practitioner'],
  },
  {
    kind: 'Supervisor (team manager)',
    email: 'supervisor@northshire.example',
    staff: 'tm-ait',
    name: 'Daniel Okafor',
    roles: ['supervisor', 'practitioner'],
  },
  {
    kind: 'Senior manager',
    email: 'senior.manager@northshire.example',
    staff: 'om-north',
    name: 'Priya Raman',
    roles: ['senior_manager', 'supervisor'],
  },
  {
    kind: 'Auditor (quality assurance)',
    email: 'auditor@northshire.example',
    staff: 'qa-hos',
    name: 'Richard Haworth',
    roles: ['auditor', 'senior_manager'],
  },
  {
    kind: 'Administrator',
    email: 'admin@northshire.example',
    staff: 'bs-3',
    name: 'Adam Fletcher',
    roles: ['administrator'],
  },
  {
    kind: 'Investigating officer',
    email: 'investigator@northshire.example',
    name: 'Alex Morgan (HR investigations)',
    roles: ['investigating_officer'],
  },
  {
    kind: 'Inspector',
    email: 'inspector@northshire.example',
    name: 'Jo Bright (inspector)',
    roles: ['inspector'],
  },
];

/** A stable id for a demo row, so reloading the demo gives the same ids. */
export function demoId(key: string): string {
  const hex = createHash('sha256').update(`oversight-demo:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
