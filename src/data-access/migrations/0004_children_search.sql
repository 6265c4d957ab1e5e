-- The children register (src/features/children): indexes for its list and its checks.

-- The register lists open children by name, 50 a page: read in order, no sort of them all.
CREATE INDEX child_open_by_name ON child (organisation_id, name, case_id, id)
  WHERE closed_on IS NULL;

-- A case id may belong to only one open child (checked case-insensitively on every save).
CREATE INDEX child_open_case_id ON child (organisation_id, lower(case_id))
  WHERE closed_on IS NULL;

-- "Children with this status now": from the status rather than from every child's episodes.
CREATE INDEX child_status_episode_status
  ON child_status_episode (organisation_id, status, child_id);
