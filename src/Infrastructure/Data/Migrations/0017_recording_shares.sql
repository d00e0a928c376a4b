-- 0017: "anyone with the link" shares of recordings and clips: an unguessable token per link, an
-- optional expiry, the moment it was turned off, and the preview frame link previews show.
-- At most one link that is not turned off per recording or clip.

CREATE TABLE recording_shares (
    id uuid NOT NULL,
    item_type character varying(20) NOT NULL,
    item_id uuid NOT NULL,
    product character varying(40) NOT NULL,
    owner_id text NOT NULL,
    token character varying(43) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    preview_path character varying(500),
    CONSTRAINT pk_recording_shares PRIMARY KEY (id),
    CONSTRAINT fk_recording_shares_user_profiles_owner_id FOREIGN KEY (owner_id) REFERENCES user_profiles (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_recording_shares_token ON recording_shares (token);
CREATE UNIQUE INDEX ix_recording_shares_item_type_item_id ON recording_shares (item_type, item_id) WHERE revoked_at IS NULL;
CREATE INDEX ix_recording_shares_owner_id ON recording_shares (owner_id);
