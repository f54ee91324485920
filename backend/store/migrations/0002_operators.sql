-- Operators and their sessions. Passwords are scrypt strings; tokens are kept only as SHA-256.

CREATE TABLE operators (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username = lower(username)),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'support', 'supervisor')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_sessions (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  operator_id integer NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE INDEX operator_sessions_operator_id ON operator_sessions (operator_id);
CREATE INDEX operator_sessions_expires_at ON operator_sessions (expires_at);
