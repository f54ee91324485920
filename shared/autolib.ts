/**
 * The Autolib' station list, in the open-data export format of the Ville de Paris
 * (`autolib-disponibilite-temps-reel`): one `;`-separated row per station.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { StationListEntry } from './network.js';

const count = z.preprocess((value) => (value === '' ? 0 : value), z.coerce.number().int().nonnegative());

const rowSchema = z.object({
  ID: z.string().min(1),
  'Public name': z.string(),
  Address: z.string(),
  City: z.string(),
  'Postal code': z.string(),
  'Geo point': z.string(),
  Cars: count,
  Slots: count,
});

/** "48.8822728, 2.3395493" → [48.8822728, 2.3395493], or undefined when it is not a position on Earth. */
function position(text: string): readonly [number, number] | undefined {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => part === '')) return undefined;
  const [latitude, longitude] = parts.map(Number);
  if (latitude === undefined || longitude === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return [latitude, longitude];
}

/** Stations with a position, in file order; rows without one (or repeating an ID) are skipped. */
export function parseAutolibCsv(text: string): StationListEntry[] {
  const records: unknown = parse(text, { delimiter: ';', columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  const rows = z.array(z.record(z.string(), z.string())).parse(records);
  const entries: StationListEntry[] = [];
  const seen = new Set<string>();
  for (const record of rows) {
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) continue;
    const row = parsed.data;
    const coordinates = position(row['Geo point']);
    if (!coordinates || seen.has(row.ID)) continue;
    seen.add(row.ID);
    entries.push({
      id: row.ID,
      name: row['Public name'] || row.ID,
      address: row.Address,
      city: row.City,
      postalCode: row['Postal code'],
      latitude: coordinates[0],
      longitude: coordinates[1],
      carsParked: row.Cars,
      freeSpaces: row.Slots,
    });
  }
  return entries;
}
