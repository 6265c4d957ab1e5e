-- Single sign-on with OpenID Connect, beside local accounts (docs/single-sign-on.md).

-- The identity at the organisation's provider that an account is linked to, set the first time
-- the person signs in with a verified email matching the account. Later sign-ins match on it
-- alone, so a changed email at the provider still reaches the same account.
ALTER TABLE user_account
  ADD COLUMN oidc_issuer text,
  ADD COLUMN oidc_subject text,
  ADD CONSTRAINT user_account_oidc_identity_whole
    CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));
CREATE UNIQUE INDEX user_account_oidc_identity
  ON user_account (organisation_id, oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A sign-in in flight, between sending the browser to the provider and its return. The browser
-- holds a random handle in a cookie; only the handle's SHA-256 is stored (as for web sessions),
-- so the flow is bound to the browser that started it. The PKCE verifier never leaves the
-- server, and a row is deleted as it is read, so a callback cannot be replayed.
CREATE TABLE oidc_login_state (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id text NOT NULL,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX oidc_login_state_expires ON oidc_login_state (organisation_id, expires_at);
