/** The offline outline (GeoJSON boundaries), validated: it comes over the network. */
import type { FeatureCollection, Geometry } from 'geojson';
import { z } from 'zod';

const position = z.array(z.number()).min(2);
const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(position) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]) satisfies z.ZodType<Geometry>;

export const outlineSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: geometrySchema,
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
}) satisfies z.ZodType<FeatureCollection>;

export async function fetchOutline(url: string): Promise<FeatureCollection> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Outline ${url}: HTTP ${response.status}`);
  return outlineSchema.parse(await response.json());
}
