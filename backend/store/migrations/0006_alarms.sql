-- Alarms (issue 5): one open alarm per device and type, its history, maintenance windows, and the audit
-- log of what operators do. Times are the backend's timeline. See backend/alarms/ for the lifecycle.

create table alarms (
  id bigint generated always as identity primary key,
  -- No foreign key to devices: an alarm is a record of what happened and outlives a removed device.
  device_id text not null,
  device_kind text not null check (device_kind in ('car', 'chargePoint')),
  -- The device's station when the alarm was raised.
  station_id text,
  type text not null,
  severity text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  -- The latest occurrence's words and facts.
  message text not null,
  details jsonb not null default '{}',
  raised_at timestamptz not null,
  last_occurred_at timestamptz not null,
  occurrences integer not null check (occurrences > 0),
  -- Null while the condition holds (a new occurrence sets it back to null).
  cleared_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  assignee text,
  escalated_at timestamptz,
  is_suppressed boolean not null default false,
  closed_at timestamptz,
  comment_count integer not null default 0,
  -- Bumped by every change (each one is a row of alarm_events), so consoles keep the newest copy.
  revision integer not null check (revision > 0),
  check (closed_at is null or (cleared_at is not null and acknowledged_at is not null)),
  check ((acknowledged_at is null) = (acknowledged_by is null))
);

-- The database itself refuses a second open alarm of one device and type, whichever backend node races
-- to raise it: writers upsert on this index (insert … on conflict (device_id, type) where closed_at is
-- null). It also serves loading the open alarms.
create unique index alarms_one_open on alarms (device_id, type) where closed_at is null;
-- The review and alarm:list read by when alarms were raised; a device's alarms by id (paging).
create index alarms_raised_at on alarms (raised_at);
create index alarms_device on alarms (device_id, id);

create table alarm_events (
  id bigint generated always as identity primary key,
  alarm_id bigint not null references alarms (id) on delete cascade,
  kind text not null,
  at timestamptz not null,
  -- The operator; null for the system (a detector, escalation, a maintenance window). ("by" is reserved.)
  by_operator text,
  text text,
  details jsonb not null default '{}'
);

create index alarm_events_alarm on alarm_events (alarm_id, id);

create table maintenance_windows (
  id bigint generated always as identity primary key,
  device_id text,
  station_id text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  -- Set when someone ended the window early.
  ended_at timestamptz,
  check ((device_id is null) <> (station_id is null)),
  check (ends_at > starts_at)
);

-- Current and future windows are what is loaded and listed.
create index maintenance_windows_ends_at on maintenance_windows (ends_at);

-- Every operator action, whatever it acts on (alarms now; commands and reservations later).
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  operator text not null,
  -- What was done, e.g. 'alarm:acknowledge'.
  action text not null,
  -- What it was done to, e.g. 'alarm:42', 'maintenance:3'.
  target text,
  details jsonb not null default '{}'
);

create index audit_log_at on audit_log (at);
create index audit_log_target on audit_log (target, at);
