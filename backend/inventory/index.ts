/** Inventory: stations, models and devices, their credentials, and the demo fleet. */
export { createInventory } from './inventory.js';
export { ensureDemoFleet, readDemoFleet } from './demo.js';
export type { DemoFleet } from '../../shared/demo-fleet.js';
export { generateDeviceSecret, hashDeviceSecret } from './secrets.js';
export type * from './types.js';
