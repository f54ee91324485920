export interface ElectronLookup {
  /** node_modules/electron; the repository's by default. */
  readonly packageDirectory?: string;
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export function findElectronBinary(lookup?: ElectronLookup): string | undefined;
