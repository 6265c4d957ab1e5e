-- Reading part of an organisation for its compliance (a team's dashboard): the sessions, records,
-- audits and actions of some people are found through these indexes instead of a scan.
CREATE INDEX supervision_session_team ON supervision_session (organisation_id, team_id)
  WHERE team_id IS NOT NULL;
CREATE INDEX supervision_record_author ON supervision_record (organisation_id, author_id)
  WHERE author_id IS NOT NULL;
CREATE INDEX supervision_record_session ON supervision_record (organisation_id, session_id)
  WHERE session_id IS NOT NULL;
CREATE INDEX quality_audit_auditor ON quality_audit (organisation_id, auditor_id);
CREATE INDEX quality_audit_subject ON quality_audit (organisation_id, subject_staff_id)
  WHERE subject_staff_id IS NOT NULL;
