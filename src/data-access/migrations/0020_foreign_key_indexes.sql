-- An index under every foreign key between tenant tables. Deleting or re-keying a referenced row
-- makes PostgreSQL look for rows that still refer to it; without an index that look is a scan of
-- the referring table for every row deleted. Removing the large council (a million records) or a
-- retention run deleting thousands of records went from hours to about two minutes with these.
-- test/integration/database.int.test.ts fails for any foreign key left without one. Columns that
-- are mostly empty are indexed only where they hold a value, which the checks still use.

CREATE INDEX org_unit_manager_id_fk ON org_unit (organisation_id, manager_id) WHERE manager_id IS NOT NULL;
CREATE INDEX org_unit_parent_id_fk ON org_unit (organisation_id, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX user_account_staff_member_id_fk ON user_account (organisation_id, staff_member_id) WHERE staff_member_id IS NOT NULL;
CREATE INDEX web_session_user_id_fk ON web_session (organisation_id, user_id);
CREATE INDEX api_token_user_id_fk ON api_token (organisation_id, user_id);
CREATE INDEX supervision_session_rescheduled_from_id_fk ON supervision_session (organisation_id, rescheduled_from_id) WHERE rescheduled_from_id IS NOT NULL;
CREATE INDEX quality_audit_feedback_to_id_fk ON quality_audit (organisation_id, feedback_to_id) WHERE feedback_to_id IS NOT NULL;
CREATE INDEX supervision_action_record_id_fk ON supervision_action (organisation_id, record_id) WHERE record_id IS NOT NULL;
CREATE INDEX session_agenda_item_added_by_fk ON session_agenda_item (organisation_id, added_by);
CREATE INDEX session_child_added_by_fk ON session_child (organisation_id, added_by);
CREATE INDEX session_child_child_id_fk ON session_child (organisation_id, child_id);
CREATE INDEX effectiveness_review_agreement_id_fk ON effectiveness_review (organisation_id, agreement_id) WHERE agreement_id IS NOT NULL;
CREATE INDEX effectiveness_review_record_id_fk ON effectiveness_review (organisation_id, record_id);
CREATE INDEX record_signature_staff_id_fk ON record_signature (organisation_id, staff_id);
CREATE INDEX record_escalation_record_id_version_fk ON record_escalation (organisation_id, record_id, version);
CREATE INDEX action_update_record_id_fk ON action_update (organisation_id, record_id);
CREATE INDEX sample_draw_auditor_id_fk ON sample_draw (organisation_id, auditor_id);
CREATE INDEX self_assessment_staff_id_fk ON self_assessment (organisation_id, staff_id);
CREATE INDEX supervision_feedback_respondent_id_fk ON supervision_feedback (organisation_id, respondent_id);
CREATE INDEX supervision_feedback_supervisor_id_fk ON supervision_feedback (organisation_id, supervisor_id);
CREATE INDEX access_grant_child_id_fk ON access_grant (organisation_id, child_id) WHERE child_id IS NOT NULL;
CREATE INDEX access_grant_granted_by_fk ON access_grant (organisation_id, granted_by);
CREATE INDEX access_grant_revoked_by_fk ON access_grant (organisation_id, revoked_by) WHERE revoked_by IS NOT NULL;
CREATE INDEX access_grant_staff_id_fk ON access_grant (organisation_id, staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX access_grant_unit_id_fk ON access_grant (organisation_id, unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX record_transfer_consent_decided_by_fk ON record_transfer_consent (organisation_id, decided_by);
CREATE INDEX record_transfer_consent_supervisor_id_fk ON record_transfer_consent (organisation_id, supervisor_id);
CREATE INDEX record_redaction_record_id_version_fk ON record_redaction (organisation_id, record_id, version);
CREATE INDEX record_redaction_redacted_by_fk ON record_redaction (organisation_id, redacted_by);
CREATE INDEX record_redaction_withdrawn_by_fk ON record_redaction (organisation_id, withdrawn_by) WHERE withdrawn_by IS NOT NULL;
CREATE INDEX record_tombstone_run_id_fk ON record_tombstone (organisation_id, run_id);
CREATE INDEX policy_version_restored_from_fk ON policy_version (organisation_id, restored_from) WHERE restored_from IS NOT NULL;
