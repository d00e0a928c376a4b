-- 0005: the browser recording of live classes (chunks uploaded while live) and the replay made from it.

CREATE TABLE live_recordings (
    stream_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    chunk_count integer NOT NULL,
    total_bytes bigint NOT NULL,
    replay_key character varying(500),
    replay_size_bytes bigint,
    duration_seconds double precision,
    error character varying(500),
    attempts integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    available_at timestamp with time zone,
    CONSTRAINT pk_live_recordings PRIMARY KEY (stream_id),
    CONSTRAINT ck_live_recordings_chunk_count CHECK (chunk_count >= 0 AND total_bytes >= 0),
    CONSTRAINT fk_live_recordings_live_streams_stream_id FOREIGN KEY (stream_id) REFERENCES live_streams (id) ON DELETE CASCADE
);

CREATE TABLE live_recording_chunks (
    stream_id uuid NOT NULL,
    chunk_index integer NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 character(64) NOT NULL,
    received_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_live_recording_chunks PRIMARY KEY (stream_id, chunk_index),
    CONSTRAINT ck_live_recording_chunks_index CHECK (chunk_index >= 0 AND size_bytes > 0),
    CONSTRAINT fk_live_recording_chunks_live_recordings_stream_id FOREIGN KEY (stream_id) REFERENCES live_recordings (stream_id) ON DELETE CASCADE
);

CREATE INDEX ix_live_recordings_status_updated_at ON live_recordings (status, updated_at);
