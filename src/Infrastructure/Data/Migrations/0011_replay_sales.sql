-- 0011: past classes sell. A class may have its own replay-only price (null: the class price);
-- an enrollment is a seat in the class, or replay-only access bought after it ended (no seat).

ALTER TABLE live_streams ADD COLUMN replay_price_in_tokens integer;
ALTER TABLE live_streams ADD CONSTRAINT ck_live_streams_replay_price CHECK (replay_price_in_tokens IS NULL OR replay_price_in_tokens >= 0);

ALTER TABLE enrollments ADD COLUMN kind character varying(20) NOT NULL DEFAULT 'Class';
ALTER TABLE enrollments ALTER COLUMN kind DROP DEFAULT;
