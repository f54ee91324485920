/**
 * The control channel of Mosquitto 2's dynamic-security plugin: commands published on
 * `$CONTROL/dynamic-security/v1` by a client holding the plugin's admin role, answered on `…/response`
 * (https://mosquitto.org/documentation/dynamic-security/). Several backend nodes may share the admin
 * login and so see each other's answers: every command carries correlation data naming its batch.
 */
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { z } from 'zod';

const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;

export interface DynsecCommand {
  readonly command: string;
  readonly [field: string]: unknown;
}

const responseSchema = z.object({
  responses: z.array(
    z.object({
      command: z.string(),
      error: z.string().optional(),
      data: z.unknown().optional(),
      correlationData: z.string().optional(),
    }),
  ),
});
export type DynsecResponse = z.infer<typeof responseSchema>['responses'][number];

export interface DynsecControl {
  /**
   * Sends the commands in one message and resolves with one response per command, in order; a refused
   * command is a response with `error`, not a rejection. Batches run one at a time.
   */
  run(commands: readonly DynsecCommand[]): Promise<readonly DynsecResponse[]>;
  /** Stops listening; batches still waiting are rejected. */
  close(): void;
}

interface PendingBatch {
  readonly size: number;
  readonly resolve: (responses: readonly DynsecResponse[]) => void;
  readonly reject: (error: Error) => void;
}

function parseResponses(payload: Buffer): readonly DynsecResponse[] {
  try {
    const parsed = responseSchema.safeParse(JSON.parse(payload.toString('utf8')));
    return parsed.success ? parsed.data.responses : [];
  } catch {
    return [];
  }
}

/**
 * Listens for the plugin's answers on `client` (an MQTT 5 connection logged in as the plugin's admin).
 * The plugin rewrites its whole file after every changing command, so a batch can take seconds on a
 * broker with thousands of accounts: `timeoutMs` is generous.
 */
export async function openDynsecControl(client: MqttClient, options: { readonly timeoutMs?: number } = {}): Promise<DynsecControl> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const nonce = randomBytes(6).toString('hex');
  const pending = new Map<string, PendingBatch>();
  let batchCount = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let isClosed = false;

  const granted = await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
  if (granted.some(({ qos }) => qos >= 128)) {
    throw new Error(`The broker refused ${RESPONSE_TOPIC}: the MQTT_URL user must hold the dynamic-security plugin's admin role`);
  }

  const onMessage = (topic: string, payload: Buffer) => {
    if (topic !== RESPONSE_TOPIC) return;
    const responses = parseResponses(payload);
    const batchId = responses[0]?.correlationData?.split('/')[0];
    const batch = batchId === undefined ? undefined : pending.get(batchId);
    if (!batch || batchId === undefined) return;
    pending.delete(batchId);
    if (responses.length === batch.size) batch.resolve(responses);
    else batch.reject(new Error(`The dynamic-security plugin answered ${responses.length} of ${batch.size} commands`));
  };
  client.on('message', onMessage);

  function send(commands: readonly DynsecCommand[]): Promise<readonly DynsecResponse[]> {
    if (isClosed) return Promise.reject(new Error('The dynamic-security control channel is closed'));
    if (commands.length === 0) return Promise.resolve([]);
    batchCount += 1;
    const batchId = `${nonce}-${batchCount}`;
    const payload = JSON.stringify({ commands: commands.map((command, index) => ({ ...command, correlationData: `${batchId}/${index}` })) });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(batchId);
        reject(new Error(`The dynamic-security plugin did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(batchId, {
        size: commands.length,
        resolve: (responses) => {
          clearTimeout(timer);
          resolve(responses);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      client.publish(CONTROL_TOPIC, payload, { qos: 1 }, (error) => {
        if (!error) return;
        pending.get(batchId)?.reject(error);
        pending.delete(batchId);
      });
    });
  }

  return {
    run(commands) {
      const result = queue.then(() => send(commands));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      isClosed = true;
      client.off('message', onMessage);
      for (const batch of pending.values()) batch.reject(new Error('The dynamic-security control channel was closed'));
      pending.clear();
    },
  };
}
