/** The token `cyberponies login` stores, readable only by its owner, with the backend it belongs to. */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const credentialsSchema = z.object({
  url: z.string(),
  token: z.string().min(1),
  username: z.string(),
  expiresAt: z.string(),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export async function readCredentials(path: string): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = credentialsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCredentials(path: string, credentials: Credentials): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps an existing file's mode; make sure it is private either way.
  await chmod(path, 0o600);
}

export async function removeCredentials(path: string): Promise<void> {
  await rm(path, { force: true });
}
