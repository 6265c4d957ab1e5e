/**
 * The bundle: a whole organisation snapshot as JSON (structure, staff, relationships, absences,
 * children with status episodes, flags and allocations, sessions, record metadata, audits,
 * actions), enough for the compliance engine to run with no database.
 */
import { z } from 'zod';
import {
  orgUnitKinds,
  roleCategories,
  supervisoryRelationshipKinds,
} from '../organisation/vocabulary.ts';
import { isoDateSchema } from '../policy/schema.ts';
import {
  absenceKinds,
  allocationRoles,
  cancellationReasons,
  childEventKinds,
  childFlags,
  childStatuses,
  obligationKinds,
  recordKinds,
  sessionKinds,
  sessionStatuses,
  teamTypes,
} from '../policy/vocabulary.ts';

const id = z.string().min(1);

const span = { from: isoDateSchema, to: isoDateSchema.optional() };

export const bundleSchema = z.strictObject({
  format: z.literal('oversight-bundle/1'),
  organisation: z.strictObject({
    id,
    name: z.string().min(1),
    /** The built-in policy pack the organisation runs. */
    policy: z.string().min(1),
    /** Overrides merged over the pack by rule id. */
    overrides: z.record(z.string(), z.unknown()).optional(),
    bankHolidayRegion: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  }),
  orgUnits: z.array(
    z.strictObject({
      id,
      kind: z.enum(orgUnitKinds),
      name: z.string().min(1),
      parentId: id.optional(),
      teamType: z.enum(teamTypes).optional(),
      /** The staff member who manages the unit (and so everything under it). */
      managerId: id.optional(),
    }),
  ),
  staff: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      email: z.email().optional(),
      jobTitle: z.string().min(1).optional(),
      roleCategory: z.enum(roleCategories),
      teamId: id.optional(),
      lineManagerId: id.optional(),
      caseHolding: z.boolean(),
      contractedHours: z.number().positive().max(80),
      startDate: isoDateSchema,
      leavingDate: isoDateSchema.optional(),
      asyeStartDate: isoDateSchema.optional(),
      placementStartDate: isoDateSchema.optional(),
      placementEndDate: isoDateSchema.optional(),
      probationEndDate: isoDateSchema.optional(),
      /** The worker's own details, seen only by them, their line manager and administrators. */
      registration: z
        .strictObject({
          body: z.string().min(1),
          number: z.string().min(1),
          expiresOn: isoDateSchema.optional(),
        })
        .optional(),
      dbs: z
        .strictObject({ certificateNumber: z.string().min(1), issuedOn: isoDateSchema })
        .optional(),
      emergencyContact: z
        .strictObject({
          name: z.string().min(1),
          phone: z.string().min(1),
          relationship: z.string().min(1).optional(),
        })
        .optional(),
    }),
  ),
  relationships: z.array(
    z.strictObject({
      id,
      superviseeId: id,
      supervisorId: id,
      kind: z.enum(supervisoryRelationshipKinds),
      ...span,
    }),
  ),
  absences: z.array(
    z.strictObject({
      id,
      staffId: id,
      kind: z.enum(absenceKinds),
      from: isoDateSchema,
      to: isoDateSchema.optional(),
    }),
  ),
  children: z.array(
    z.strictObject({
      id,
      caseId: z.string().min(1),
      name: z.string().min(1).optional(),
      dateOfBirth: isoDateSchema.optional(),
      expectedDateOfBirth: isoDateSchema.optional(),
      openedAt: isoDateSchema,
      closedAt: isoDateSchema.optional(),
      statuses: z.array(z.strictObject({ status: z.enum(childStatuses), ...span })),
      flags: z.array(z.strictObject({ flag: z.enum(childFlags), ...span })),
      allocations: z.array(
        z.strictObject({ workerId: id, role: z.enum(allocationRoles), ...span }),
      ),
      events: z
        .array(z.strictObject({ kind: z.enum(childEventKinds), date: isoDateSchema }))
        .optional(),
    }),
  ),
  sessions: z.array(
    z.strictObject({
      id,
      kind: z.enum(sessionKinds),
      date: isoDateSchema,
      minutes: z.number().int().positive().optional(),
      supervisorId: id,
      /** Supervisees of a one-to-one; attendees of a group. */
      participantIds: z.array(id),
      teamId: id.optional(),
      status: z.enum(sessionStatuses),
      cancellationReason: z.enum(cancellationReasons).optional(),
      rescheduledTo: isoDateSchema.optional(),
    }),
  ),
  records: z.array(
    z.strictObject({
      id,
      kind: z.enum(recordKinds),
      /** The date of the meeting or event the record is about. */
      date: isoDateSchema,
      sessionId: id.optional(),
      authorId: id.optional(),
      /** The staff the record is about (supervisees, observed worker, attendees). */
      staffIds: z.array(id),
      childIds: z.array(id),
      observerId: id.optional(),
      writtenAt: isoDateSchema.optional(),
      sharedAt: isoDateSchema.optional(),
      signedAt: isoDateSchema.optional(),
      onChildRecordAt: isoDateSchema.optional(),
      dateRecordedAt: isoDateSchema.optional(),
    }),
  ),
  audits: z.array(
    z.strictObject({
      id,
      auditorId: id,
      subjectStaffId: id.optional(),
      subjectRecordId: id.optional(),
      of: z.enum(['supervision_records', 'supervision_files']),
      completedAt: isoDateSchema,
      feedbackAt: isoDateSchema.optional(),
    }),
  ),
  actions: z.array(
    z.strictObject({
      id,
      description: z.string(),
      ownerId: id,
      recordId: id.optional(),
      childId: id.optional(),
      staffId: id.optional(),
      setOn: isoDateSchema,
      dueDate: isoDateSchema,
      status: z.enum(['open', 'completed', 'dropped']),
      completedAt: isoDateSchema.optional(),
      dropReason: z.string().optional(),
    }),
  ),
  waivers: z
    .array(
      z.strictObject({
        kind: z.enum(obligationKinds),
        subjectId: id,
        from: isoDateSchema,
        to: isoDateSchema,
        reason: z.string().min(1),
      }),
    )
    .optional(),
});

export type Bundle = z.infer<typeof bundleSchema>;
export type BundleStaff = Bundle['staff'][number];
export type BundleChild = Bundle['children'][number];
export type BundleSession = Bundle['sessions'][number];
export type BundleRecord = Bundle['records'][number];
export type BundleRelationship = Bundle['relationships'][number];
export type BundleAbsence = Bundle['absences'][number];
export type BundleAudit = Bundle['audits'][number];
export type BundleAction = Bundle['actions'][number];
