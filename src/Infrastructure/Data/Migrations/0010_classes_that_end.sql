-- 0010: classes that end by themselves. The broadcast page's signs of life (last seen, broadcast
-- time in all) per class, apart from the class row; and whether a class took place (false: never
-- broadcast, or too briefly — its paid seats are refunded; null: not judged yet).

ALTER TABLE live_streams ADD COLUMN took_place boolean;

CREATE TABLE broadcast_presences (
    stream_id uuid NOT NULL,
    first_seen_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    broadcast_seconds double precision NOT NULL,
    CONSTRAINT pk_broadcast_presences PRIMARY KEY (stream_id),
    CONSTRAINT ck_broadcast_presences_seconds CHECK (broadcast_seconds >= 0),
    CONSTRAINT fk_broadcast_presences_live_streams_stream_id FOREIGN KEY (stream_id) REFERENCES live_streams (id) ON DELETE CASCADE
);

-- The closing job refunds the paid seats of classes that did not take place: few, found fast.
CREATE INDEX ix_live_streams_took_place ON live_streams (took_place) WHERE took_place = false;
