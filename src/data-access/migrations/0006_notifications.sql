-- Notifications, email and calendar feeds (the tables themselves are in 0005).

-- Each calendar invitation for a session carries a SEQUENCE (RFC 5545 3.8.7.4) that grows with
-- every change, so calendar programs apply updates in order. One number per notice: a job run
-- again after a crash finds its number here and sends the same invitation, never a new one.
CREATE TABLE session_invitation_sequence (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  -- The notice the invitation was made for (its job's dedupe key).
  revision text NOT NULL,
  sequence integer NOT NULL CHECK (sequence >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, session_id, revision),
  UNIQUE (organisation_id, session_id, sequence),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id)
    ON DELETE CASCADE
);

-- The navigation's unread count on every page.
CREATE INDEX notification_unread ON notification (organisation_id, recipient_user_id)
  WHERE read_at IS NULL;
-- The outbox, newest first.
CREATE INDEX email_message_created ON email_message (organisation_id, created_at);
CREATE INDEX calendar_feed_user ON calendar_feed (organisation_id, user_id);
