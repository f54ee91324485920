/**
 * The firmware versions of the fleet as small codes, so that the fleet columns carry a Uint16 per device
 * instead of a string. Code 0 is "unknown" (''). Codes are only ever added until `reset`: a console
 * holding an older table still reads every code it was sent correctly.
 */

/** The largest code a Uint16 column holds; versions past it read as unknown. */
const MAX_CODE = 65_535;

export class FirmwareCodes {
  #versions: string[] = [''];
  #codes = new Map<string, number>([['', 0]]);

  /** The code of `version`, given a new one when it was not known. */
  codeOf(version: string | null): number {
    if (version === null || version === '') return 0;
    const known = this.#codes.get(version);
    if (known !== undefined) return known;
    if (this.#versions.length > MAX_CODE) return 0;
    const code = this.#versions.length;
    this.#versions.push(version);
    this.#codes.set(version, code);
    return code;
  }

  /** Code n is `versions()[n]`. The array grows in place; copy it to keep it as it is now. */
  versions(): readonly string[] {
    return this.#versions;
  }

  reset(): void {
    this.#versions = [''];
    this.#codes = new Map([['', 0]]);
  }
}
