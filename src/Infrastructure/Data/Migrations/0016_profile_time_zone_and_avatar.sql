-- 0016: the member's own time zone (IANA id; null follows the browser) and avatar image.

ALTER TABLE user_profiles ADD COLUMN time_zone character varying(64);
ALTER TABLE user_profiles ADD COLUMN avatar_path character varying(500);
