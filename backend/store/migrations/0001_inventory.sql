-- Inventory, first cut: where devices stand, what they are, and how they prove who they are.

CREATE TABLE stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  city text NOT NULL,
  postal_code text NOT NULL,
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_models (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('car', 'chargePoint')),
  manufacturer text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Lets devices reference (model, kind) so that a car can never have a charge point's model.
  UNIQUE (id, kind)
);

CREATE TABLE devices (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
  kind text NOT NULL CHECK (kind IN ('car', 'chargePoint')),
  model_id text NOT NULL,
  serial_number text NOT NULL UNIQUE,
  plate text UNIQUE,
  firmware_version text,
  station_id text REFERENCES stations (id),
  -- SHA-256 of a 256-bit random secret (see backend/inventory/secrets.ts for why not a slow hash).
  secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (model_id, kind) REFERENCES device_models (id, kind),
  CHECK (kind = 'car' OR plate IS NULL)
);

CREATE INDEX devices_station_id ON devices (station_id);
CREATE INDEX devices_created_at ON devices (created_at, id);
