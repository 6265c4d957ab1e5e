-- Citus (docs/deployment.md) allows a unique index on a distributed table only when it includes
-- organisation_id. A feed's token is 32 random bytes, so its hash needs no unique constraint to
-- stay unique; it is looked up through a plain index, as api_token's is.
ALTER TABLE calendar_feed DROP CONSTRAINT calendar_feed_token_hash_key;
CREATE INDEX calendar_feed_token_hash ON calendar_feed (token_hash);
