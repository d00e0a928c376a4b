-- 0012: waitlists. A member's place in line for a full class; the first in line gets a freed seat
-- (and pays then), is skipped with a notice when they cannot pay, or leaves the line.

CREATE TABLE waitlist_entries (
    id uuid NOT NULL,
    stream_id uuid NOT NULL,
    member_id text NOT NULL,
    status character varying(20) NOT NULL,
    joined_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    enrollment_id uuid,
    notice character varying(500),
    CONSTRAINT pk_waitlist_entries PRIMARY KEY (id),
    CONSTRAINT fk_waitlist_entries_live_streams_stream_id FOREIGN KEY (stream_id) REFERENCES live_streams (id) ON DELETE CASCADE,
    CONSTRAINT fk_waitlist_entries_user_profiles_member_id FOREIGN KEY (member_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ux_waitlist_entries_member_waiting ON waitlist_entries (stream_id, member_id) WHERE status = 'Waiting';
CREATE INDEX ix_waitlist_entries_stream_id_status_joined_at ON waitlist_entries (stream_id, status, joined_at);
CREATE INDEX ix_waitlist_entries_member_id ON waitlist_entries (member_id);
