-- Commands to devices and every step of their lives (shared/commands.ts). The console picks an
-- idempotency key per click: a retried request finds the command it already made instead of a second one.
create table commands (
  id text primary key,
  -- The order commands were made in, which clocks cannot give: two clicks can share a millisecond.
  seq bigint generated always as identity unique,
  device_id text not null references devices (id) on delete cascade,
  type text not null,
  params jsonb not null default '{}',
  status text not null check (status in ('queued', 'sent', 'delivered', 'succeeded', 'rejected', 'failed', 'timedOut', 'expired', 'cancelled')),
  operator text not null,
  idempotency_key text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- When a queued command stops waiting for its device; null when it never waits.
  expires_at timestamptz,
  -- The bulk command it is part of.
  batch_id text,
  -- [{status, atMs, detail}], oldest first: the lifecycle as it happened.
  transitions jsonb not null,
  unique (operator, idempotency_key)
);

create index commands_device on commands (device_id, seq desc);
create index commands_batch on commands (batch_id) where batch_id is not null;
-- What a reconnecting device is owed, and what a restarted backend must resume or close.
create index commands_open on commands (device_id, seq) where status in ('queued', 'sent', 'delivered');
