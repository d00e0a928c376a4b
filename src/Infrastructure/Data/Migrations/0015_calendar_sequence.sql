-- 0015: a class's calendar revision (iCalendar SEQUENCE), one more per move, end or cancellation.
-- Until now SEQUENCE was the number of seconds between creation and the last edit; calendar apps
-- ignore an update whose SEQUENCE is lower than the one they hold, so the counter starts there.

ALTER TABLE live_streams ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;

UPDATE live_streams
SET calendar_sequence = LEAST(GREATEST(floor(extract(epoch FROM (updated_at - created_at))), 0), 2147483000)::integer;
