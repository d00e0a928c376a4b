-- 0006: the streaming provider's live input of a class (Cloudflare Stream): its uid, the WHIP URL
-- (a secret of the owning instructor), the WHEP URL, and the last connection event its webhook
-- reported (replays of an event are recognised by its time). Deleted with the class.

CREATE TABLE stream_inputs (
    stream_id uuid NOT NULL,
    provider character varying(20) NOT NULL,
    input_id character varying(100) NOT NULL,
    publish_url character varying(1000) NOT NULL,
    playback_url character varying(1000) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_connected_at timestamp with time zone,
    last_disconnected_at timestamp with time zone,
    last_event_at timestamp with time zone,
    last_event character varying(20),
    last_error character varying(500),
    CONSTRAINT pk_stream_inputs PRIMARY KEY (stream_id),
    CONSTRAINT fk_stream_inputs_live_streams_stream_id FOREIGN KEY (stream_id) REFERENCES live_streams (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_stream_inputs_provider_input_id ON stream_inputs (provider, input_id);
