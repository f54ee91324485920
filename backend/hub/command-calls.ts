/**
 * The console's command calls and pushes. Each call is parsed with its schema in commandRequests and
 * answered with a Result; who acts is the operator the connection logged in as. Every console hears each
 * command's moves ('commands:changes'), each command once per window of DELTA_WINDOW_MS, in its newest form.
 */
import type { Logger } from 'pino';
import { commandRequests } from '../../shared/commands.js';
import { success } from '../../shared/result.js';
import type { CommandService } from '../commands/service.js';
import { createAnswers, invalidRequest } from './calls.js';
import type { ConsoleSocket } from './calls.js';

export interface CommandCallContext {
  readonly commands: CommandService;
  readonly logger: Logger;
}

export function handleCommandCalls(socket: ConsoleSocket, context: CommandCallContext): void {
  const { commands } = context;
  const { answerLater } = createAnswers(context.logger);
  const operator = () => socket.data.operator;

  socket.on('command:send', (request, acknowledge) =>
    // The service parses the request itself: its errors name the command and its parameters.
    answerLater(acknowledge, () => commands.submit(operator(), request)),
  );

  socket.on('command:bulk', (request, acknowledge) => answerLater(acknowledge, () => commands.submitBulk(operator(), request)));

  socket.on('command:cancel', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = commandRequests['command:cancel'].safeParse(request);
      if (!parsed.success) return invalidRequest('command:cancel', parsed.error);
      return commands.cancel(operator(), parsed.data.commandId);
    }),
  );

  socket.on('command:history', (request, acknowledge) =>
    answerLater(acknowledge, async () => {
      const parsed = commandRequests['command:history'].safeParse(request);
      if (!parsed.success) return invalidRequest('command:history', parsed.error);
      return success({ commands: await commands.history(parsed.data.deviceId, parsed.data.limit) });
    }),
  );
}
