/** The cluster worker: builds one zoom level's clusters off the main thread, so the map never waits for them. */
import { buildClusters } from './cluster-grid.js';
import { transferablesOf, type ClusterRequest, type ClusterResponse } from './cluster-protocol.js';

self.addEventListener('message', (event: MessageEvent<ClusterRequest>) => {
  const request = event.data;
  const startedAt = performance.now();
  const clusters = buildClusters({ x: request.x, y: request.y, bucket: request.bucket, count: request.count }, request.options);
  const response: ClusterResponse = { id: request.id, clusters, buildMs: performance.now() - startedAt, x: request.x, y: request.y, bucket: request.bucket };
  self.postMessage(response, { transfer: transferablesOf(response) });
});
