-- History that survives the real world: each message recorded once (a unique key per device message),
-- placed in time by the device's corrected clock, partitioned by day so that old days are dropped whole,
-- and binary sensors' transitions rebuilt from what the messages say. See backend/ingest/partitions.ts
-- for the daily partitions, created ahead by the backend, and retention.

alter table telemetry rename to telemetry_before_0005;
drop index telemetry_device_received;

create table telemetry (
  device_id text not null,
  -- Backend clock.
  received_at timestamptz not null,
  -- The device's own clock, as sent; null when the message carries none.
  device_time timestamptz,
  -- device_time, or received_at when there is none: the same for every delivery of one car message,
  -- so the duplicate of a message lands in the same partition as the message and meets its key there.
  sent_at timestamptz not null,
  -- device_time corrected by the device's estimated clock offset (received_at when there is none):
  -- where the message belongs on the backend's timeline.
  occurred_at timestamptz not null,
  boot_id text,
  sequence bigint,
  -- OCPP's unique message id; null for cars.
  message_id text,
  channel text not null,
  payload jsonb
) partition by range (sent_at);

-- Rows whose day has no partition (a clock far off, or days before the backend made partitions).
create table telemetry_default partition of telemetry default;

-- A unique index on a partitioned table must hold the partition key; sent_at is the same for every
-- delivery of a message, so this is "one row per (device, boot, sequence)" in practice. Rows without a
-- boot or sequence never conflict (nulls are distinct). Device first, then time: the same index serves
-- a device's history over a time range, so the hot table keeps one index (each one halves PGlite's
-- insert rate); queries by occurred_at narrow by sent_at, which differs by the device's clock offset.
create unique index telemetry_message_key on telemetry (device_id, sent_at, boot_id, sequence);
create unique index telemetry_message_id on telemetry (device_id, sent_at, boot_id, message_id) where message_id is not null;

insert into telemetry (device_id, received_at, device_time, sent_at, occurred_at, boot_id, sequence, channel, payload)
select device_id, received_at, device_time, coalesce(device_time, received_at), coalesce(device_time, received_at), boot_id, sequence, channel, payload
  from telemetry_before_0005
    on conflict do nothing;

drop table telemetry_before_0005;

-- One row per transition of a binary sensor, recorded by the first message that showed it.
create table sensor_transitions (
  device_id text not null,
  sensor text not null,
  value boolean not null,
  -- When the sensor took the value, corrected by the device's clock offset.
  changed_at timestamptz not null,
  -- The same on the device's clock (deviceTime − sinceSeconds): what identifies the transition.
  device_changed_at timestamptz not null,
  boot_id text,
  sequence bigint,
  recorded_at timestamptz not null default now()
);

create index sensor_transitions_device on sensor_transitions (device_id, sensor, device_changed_at);
create index sensor_transitions_changed on sensor_transitions (changed_at);
