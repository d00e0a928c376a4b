-- 0004: viewer sessions (join / heartbeat / leave) for peak viewers and analytics.

CREATE TABLE viewer_sessions (
    id uuid NOT NULL,
    stream_id uuid NOT NULL,
    member_id text NOT NULL,
    mode character varying(10) NOT NULL,
    joined_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    left_at timestamp with time zone,
    CONSTRAINT pk_viewer_sessions PRIMARY KEY (id),
    CONSTRAINT fk_viewer_sessions_live_streams_stream_id FOREIGN KEY (stream_id) REFERENCES live_streams (id) ON DELETE CASCADE,
    CONSTRAINT fk_viewer_sessions_user_profiles_member_id FOREIGN KEY (member_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE INDEX ix_viewer_sessions_stream_id_joined_at ON viewer_sessions (stream_id, joined_at);
CREATE INDEX ix_viewer_sessions_member_id ON viewer_sessions (member_id);
