/** Reading a username or password from the terminal (hidden), or from a pipe. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

async function firstLine(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return undefined;
}

export async function promptLine(question: string, isSecret: boolean): Promise<string | undefined> {
  if (!process.stdin.isTTY) return firstLine();
  let isMuted = false;
  // Echoes the question but not what is typed after it, when the answer is a secret.
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!isMuted) process.stderr.write(chunk);
      callback();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      terminal.question(question, (answer) => resolve(answer));
      isMuted = isSecret;
    });
  } finally {
    terminal.close();
    if (isSecret) process.stderr.write('\n');
  }
}
