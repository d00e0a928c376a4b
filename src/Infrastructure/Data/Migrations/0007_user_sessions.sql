-- 0007: signed-in browsers (one row per sign-in; the auth cookie names its row). Signing out
-- revokes the row, so a copy of the cookie stops working; "sign out of all devices" revokes all.
-- Deleted accounts keep their profile as an anonymised record (deleted_at set).
CREATE TABLE user_sessions (
    id uuid NOT NULL,
    user_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    user_agent character varying(300),
    CONSTRAINT pk_user_sessions PRIMARY KEY (id),
    CONSTRAINT fk_user_sessions_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);
ALTER TABLE user_profiles ADD COLUMN deleted_at timestamp with time zone;
