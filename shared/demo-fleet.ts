/**
 * The demo fleet file: the backend writes it in its data directory on first start, the simulator reads it
 * to drive the same network with the same secrets. Each side reads and writes it with its own runtime.
 */
import { z } from 'zod';

export const DEMO_FLEET_FILE = 'demo-fleet.json';

export const demoFleetSchema = z.object({
  seed: z.number().int(),
  stations: z.number().int().nonnegative(),
  cars: z.number().int().nonnegative(),
  chargePoints: z.number().int().nonnegative(),
  // The backend writes 32 random bytes in base64url (43 characters); anything much shorter is not its key.
  fleetKey: z.string().min(32),
});
export type DemoFleet = z.infer<typeof demoFleetSchema>;
