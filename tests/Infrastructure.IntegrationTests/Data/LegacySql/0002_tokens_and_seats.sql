-- 0002: the built-in token ledger, seat counting on classes, personal calendar feed tokens.

ALTER TABLE user_profiles ADD COLUMN calendar_token character varying(64);
CREATE UNIQUE INDEX ix_user_profiles_calendar_token ON user_profiles (calendar_token);

ALTER TABLE live_streams ADD COLUMN seats_taken integer NOT NULL DEFAULT 0;
UPDATE live_streams s SET seats_taken = (
    SELECT count(*) FROM enrollments e WHERE e.stream_id = s.id AND e.status IN ('Pending', 'Active'));
ALTER TABLE live_streams ALTER COLUMN seats_taken DROP DEFAULT;
ALTER TABLE live_streams ADD CONSTRAINT ck_live_streams_seats
    CHECK (seats_taken >= 0 AND (capacity IS NULL OR seats_taken <= capacity));

CREATE TABLE token_accounts (
    member_id text NOT NULL,
    balance integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_token_accounts PRIMARY KEY (member_id),
    CONSTRAINT ck_token_accounts_balance CHECK (balance >= 0),
    CONSTRAINT fk_token_accounts_user_profiles_member_id FOREIGN KEY (member_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE TABLE token_transactions (
    id uuid NOT NULL,
    member_id text NOT NULL,
    amount integer NOT NULL,
    kind character varying(20) NOT NULL,
    reason character varying(200) NOT NULL,
    stream_id uuid,
    idempotency_key character varying(100) NOT NULL,
    balance_after integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_token_transactions PRIMARY KEY (id),
    CONSTRAINT ck_token_transactions_balance_after CHECK (balance_after >= 0),
    CONSTRAINT fk_token_transactions_token_accounts_member_id FOREIGN KEY (member_id) REFERENCES token_accounts (member_id) ON DELETE CASCADE
);

CREATE INDEX ix_token_transactions_member_id_created_at ON token_transactions (member_id, created_at);
CREATE UNIQUE INDEX ix_token_transactions_member_id_idempotency_key ON token_transactions (member_id, idempotency_key);
CREATE INDEX ix_token_transactions_stream_id ON token_transactions (stream_id);
