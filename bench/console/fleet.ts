/**
 * The benchmark's network: the demo generator at the requested size. The generator draws charge point
 * serial numbers at random from 10^8, so at tens of thousands a few repeat and the inventory (rightly)
 * refuses them; repeats get a suffix here, which changes nothing the console shows.
 */
import { generateDemoNetwork } from '../../shared/network.js';
import type { DemoNetworkOptions, Network } from '../../shared/network.js';

export function benchNetwork(options: DemoNetworkOptions): Network {
  const network = generateDemoNetwork(options);
  const seen = new Set<string>();
  const devices = network.devices.map((device) => {
    let serialNumber = device.serialNumber;
    for (let suffix = 2; seen.has(serialNumber); suffix++) serialNumber = `${device.serialNumber}-${suffix}`;
    seen.add(serialNumber);
    return serialNumber === device.serialNumber ? device : { ...device, serialNumber };
  });
  return { ...network, devices };
}
