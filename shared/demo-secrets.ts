/**
 * Demo device secrets: derived from one random fleet key, so the backend and the simulator agree on every
 * device's secret without a file of 7,500 of them. Real devices get secrets generated one by one.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding, written out so that shared/ needs neither Buffer nor btoa. */
export function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const first = bytes[index] ?? 0;
    const second = bytes[index + 1];
    const third = bytes[index + 2];
    const triple = (first << 16) | ((second ?? 0) << 8) | (third ?? 0);
    text += BASE64URL_ALPHABET[(triple >> 18) & 63];
    text += BASE64URL_ALPHABET[(triple >> 12) & 63];
    if (second !== undefined) text += BASE64URL_ALPHABET[(triple >> 6) & 63];
    if (third !== undefined) text += BASE64URL_ALPHABET[triple & 63];
  }
  return text;
}

/** base64url(HMAC-SHA256(fleetKey, deviceId)): 256 bits, as strong as a random secret while the key stays secret. */
export function demoDeviceSecret(fleetKey: string, deviceId: string): string {
  return base64url(hmac(sha256, utf8ToBytes(fleetKey), utf8ToBytes(deviceId)));
}
