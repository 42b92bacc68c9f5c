-- The server's accounts: each account is one person's way in. Server-side sessions and personal API tokens are
-- stored as SHA-256 hashes of their random secrets (the cookie or header carries the secret itself); one-time
-- sign-in links and invitations likewise. Rate-limit counters live here unless the server is given Redis.
-- Everything an account owns goes with its person (delete means delete).

CREATE TABLE accounts (
    id $ID,
    person_id BIGINT NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,                -- stored case-folded
    password_hash TEXT,                        -- Argon2id; NULL for an account signed in only by one-time links
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id $ID,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE sign_in_links (
    code_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);

CREATE TABLE invitations (
    code_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    invited_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    window_start TEXT NOT NULL
);

CREATE TABLE audit_log (
    id $ID,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_account ON audit_log (account_id, at);
