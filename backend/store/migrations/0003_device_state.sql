-- Last-known state: one row per device, rewritten in batches by the state cache, so that the whole
-- fleet is one cheap read at start.
create table device_state (
  device_id text primary key references devices (id) on delete cascade,
  status text not null,
  is_online boolean not null default false,
  -- When the backend last received anything from the device.
  received_at timestamptz,
  -- The device's own clock in its last applied message, and that clock minus the backend's.
  device_time timestamptz,
  clock_offset_ms bigint,
  boot_id text,
  sequence bigint,
  latitude double precision,
  longitude double precision,
  -- The full CarState or ChargePointState.
  state jsonb,
  updated_at timestamptz not null default now()
);

-- History: every message a device sent, written in bulk. No foreign keys, so that a batch never
-- waits on (or fails because of) the inventory.
create table telemetry (
  device_id text not null,
  received_at timestamptz not null,
  device_time timestamptz,
  boot_id text,
  sequence bigint,
  channel text not null,
  payload jsonb
);

create index telemetry_device_received on telemetry (device_id, received_at);
