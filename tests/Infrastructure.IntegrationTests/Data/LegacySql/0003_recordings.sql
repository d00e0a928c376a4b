-- 0003: meeting and voice-call recordings (TipJar, M10, …) and clips cut from them.

CREATE TABLE meet_rooms (
    id uuid NOT NULL,
    product character varying(40) NOT NULL,
    owner_id text NOT NULL,
    name character varying(200) NOT NULL,
    recording_location character varying(1000),
    recording_size_bytes bigint,
    duration_seconds double precision,
    recorded_at timestamp with time zone,
    egress_id character varying(100),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_meet_rooms PRIMARY KEY (id),
    CONSTRAINT fk_meet_rooms_user_profiles_owner_id FOREIGN KEY (owner_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);


CREATE TABLE recording_clips (
    id uuid NOT NULL,
    source_type character varying(20) NOT NULL,
    source_id uuid NOT NULL,
    product character varying(40) NOT NULL,
    owner_id text NOT NULL,
    start_seconds double precision NOT NULL,
    end_seconds double precision NOT NULL,
    status character varying(20) NOT NULL,
    clip_location character varying(1000),
    clip_size_bytes bigint,
    clip_duration_seconds double precision,
    error character varying(500),
    progress integer NOT NULL,
    attempts integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT pk_recording_clips PRIMARY KEY (id),
    CONSTRAINT ck_recording_clips_progress CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT ck_recording_clips_range CHECK (start_seconds >= 0 AND end_seconds > start_seconds),
    CONSTRAINT fk_recording_clips_user_profiles_owner_id FOREIGN KEY (owner_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE TABLE voice_calls (
    id uuid NOT NULL,
    product character varying(40) NOT NULL,
    owner_id text NOT NULL,
    participants character varying(300) NOT NULL,
    recording_location character varying(1000),
    recording_size_bytes bigint,
    duration_seconds double precision,
    recorded_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_voice_calls PRIMARY KEY (id),
    CONSTRAINT fk_voice_calls_user_profiles_owner_id FOREIGN KEY (owner_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_meet_rooms_egress_id ON meet_rooms (egress_id);
CREATE INDEX ix_meet_rooms_owner_id_product ON meet_rooms (owner_id, product);
CREATE INDEX ix_meet_rooms_product_recorded_at ON meet_rooms (product, recorded_at);
CREATE INDEX ix_recording_clips_owner_id ON recording_clips (owner_id);
CREATE INDEX ix_recording_clips_source_type_source_id ON recording_clips (source_type, source_id);
CREATE INDEX ix_recording_clips_status_updated_at ON recording_clips (status, updated_at);
CREATE INDEX ix_voice_calls_owner_id_product ON voice_calls (owner_id, product);
CREATE INDEX ix_voice_calls_product_recorded_at ON voice_calls (product, recorded_at);
