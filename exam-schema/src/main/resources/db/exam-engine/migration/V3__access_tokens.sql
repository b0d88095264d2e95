-- Access tokens for the default bearer-token identity. Only a SHA-256 hash of each token's secret is kept,
-- so a copy of the database does not hand out working credentials.

CREATE TABLE access_tokens (
    id            VARCHAR(100)                NOT NULL,
    secret_hash   CHAR(64)                    NOT NULL,
    subject_id    VARCHAR(200)                NOT NULL,
    subject_role  VARCHAR(20)                 NOT NULL,
    issued_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP(6) WITH TIME ZONE,
    revoked_at    TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_access_tokens PRIMARY KEY (id)
);
