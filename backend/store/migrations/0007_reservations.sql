-- Reservations of a charge point or a car for a customer and a time window. Two reservations that hold
-- one device over overlapping windows cannot both exist: the exclusion constraint makes the database
-- refuse the second, whichever backend node or request got there first.
create extension if not exists btree_gist;

create table reservations (
  id bigint generated always as identity primary key,
  device_id text not null references devices (id) on delete cascade,
  customer_ref text not null check (customer_ref ~ '^[A-Za-z0-9._:@-]{1,64}$'),
  -- For a charge point: the customer's OCPP idTag (CiString20), which the reserved connector waits for.
  id_tag text check (length(id_tag) between 1 and 20),
  connector_id integer check (connector_id >= 0),
  -- [start, end): back-to-back windows do not overlap.
  during tstzrange not null check (not isempty(during) and not lower_inf(during) and not upper_inf(during) and lower_inc(during) and not upper_inc(during)),
  -- requested: the device is being asked (OCPP ReserveNow); active: it accepted, or needs no asking.
  -- refused: it answered Occupied, Faulted, Unavailable or Rejected; cancelled, expired, used: over.
  status text not null check (status in ('requested', 'active', 'refused', 'cancelled', 'expired', 'used')),
  -- Why it was refused or ended, in words a dispatcher can act on.
  status_reason text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Set while a holding reservation's device went faulted or offline: dispatch should reassign it.
  flagged_at timestamptz,
  flag_reason text,
  exclude using gist (device_id with =, during with &&) where (status in ('requested', 'active'))
);

create index reservations_customer_ref on reservations (customer_ref, lower(during));
create index reservations_device_id on reservations (device_id, lower(during));
-- The expiry sweep and the "now and next" lists read holding reservations by their end.
create index reservations_holding_end on reservations (upper(during)) where status in ('requested', 'active');
