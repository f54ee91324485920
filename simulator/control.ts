/**
 * A running `cyberponies simulate` takes faults at runtime over a small JSON API on 127.0.0.1 only
 * (documented in docs/simulator.md):
 *
 *   GET    /faults                       → { faults: ActiveFault[] }
 *   POST   /faults  { target?, fault }   → 201 { fault: ActiveFault }
 *   DELETE /faults?target=…&kind=…       → { cleared: n }   (no query: every fault)
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { faultRequestSchema, faultSchema, faultTargetSchema } from './faults/fault.js';
import type { FaultControl } from './faults/registry.js';

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16_384;
const clearQuerySchema = z.object({
  target: faultTargetSchema.optional(),
  kind: z.enum(faultSchema.options.map((option) => option.shape.kind.value)).optional(),
});

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

async function handle(faults: FaultControl, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/faults') return reply(response, 404, { error: 'Only /faults is served here.' });
  switch (request.method) {
    case 'GET':
      return reply(response, 200, { faults: faults.list() });
    case 'POST': {
      let body: unknown;
      try {
        body = await readJson(request);
      } catch (error) {
        return reply(response, 400, { error: `Not a JSON body: ${error instanceof Error ? error.message : String(error)}` });
      }
      const parsed = faultRequestSchema.safeParse(body);
      if (!parsed.success) return reply(response, 400, { error: issues(parsed.error) });
      return reply(response, 201, { fault: faults.inject(parsed.data.target, parsed.data.fault) });
    }
    case 'DELETE': {
      const parsed = clearQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return reply(response, 400, { error: issues(parsed.error) });
      return reply(response, 200, { cleared: faults.clear(parsed.data.target, parsed.data.kind) });
    }
    default:
      response.setHeader('allow', 'GET, POST, DELETE');
      return reply(response, 405, { error: `${request.method ?? '?'} is not allowed on /faults.` });
  }
}

/** Listens on 127.0.0.1 only: whoever can reach it can break the fleet's messages. */
export async function startControlServer(faults: FaultControl, port: number): Promise<ControlServer> {
  const server: Server = createServer((request, response) => {
    handle(faults, request, response).catch((error: unknown) => reply(response, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address: AddressInfo | string | null = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
