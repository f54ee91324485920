-- OCPP 1.6 charging transactions. The central system numbers them (StartTransaction.conf transactionId),
-- so ids come from one identity sequence: unique per charge point and across the fleet, and never reused
-- after a restart. OCPP carries the id as a JSON integer that charge points commonly keep in 32 bits,
-- hence integer. No foreign key to devices: a billing record outlives the device's inventory row.
create table transactions (
  id integer generated always as identity primary key,
  charge_point_id text not null,
  connector_id integer not null,
  id_tag text not null,
  -- idTagInfo.status answered to the StartTransaction (a blocked tag still gets a transaction id).
  id_tag_status text not null,
  -- Energy register at start and stop, in Wh as OCPP sends it.
  meter_start_wh bigint not null,
  -- The charge point's own clock.
  started_at timestamptz not null,
  reservation_id integer,
  stopped_at timestamptz,
  meter_stop_wh bigint,
  stop_reason text,
  stop_id_tag text,
  created_at timestamptz not null default now(),
  -- A charge point resends a StartTransaction whose answer it never got: the same start gets the same id.
  unique (charge_point_id, connector_id, started_at)
);

create index transactions_open on transactions (charge_point_id) where stopped_at is null;
