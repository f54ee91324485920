/** The benchmark's network: the demo generator at the requested size. */
import { generateDemoNetwork } from '../../shared/network.js';
import type { DemoNetworkOptions, Network } from '../../shared/network.js';

export function benchNetwork(options: DemoNetworkOptions): Network {
  return generateDemoNetwork(options);
}
