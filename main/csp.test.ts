import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, DEFAULT_TILE_SOURCES, webSocketOrigin } from './csp.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const policy = directives(buildContentSecurityPolicy({ backendUrl: 'http://127.0.0.1:8080', tileUrl: null }));

  it('allows scripts only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('forbids plugins, base changes and framing', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('connects to the backend over HTTP and WebSocket, and to the tile servers for the tile worker, and nowhere else', () => {
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:8080', 'ws://127.0.0.1:8080', ...DEFAULT_TILE_SOURCES]);
  });

  it("takes images from the app, data URLs, OpenStreetMap's tiles by default and the backend", () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', ...DEFAULT_TILE_SOURCES, 'http://127.0.0.1:8080']);
  });

  it('follows the settings: a TLS backend gets wss, a custom tile server replaces the default', () => {
    const custom = directives(
      buildContentSecurityPolicy({ backendUrl: 'https://fleet.example.org/console', tileUrl: 'https://{s}.tiles.example.net:8443/{z}/{x}/{y}.png' }),
    );
    expect(custom.get('connect-src')).toEqual(["'self'", 'https://fleet.example.org', 'wss://fleet.example.org', 'https://*.tiles.example.net:8443']);
    expect(custom.get('img-src')).toEqual(["'self'", 'data:', 'https://*.tiles.example.net:8443', 'https://fleet.example.org']);
  });

  it('keeps a backend URL that is not http(s) out of the policy', () => {
    const odd = directives(buildContentSecurityPolicy({ backendUrl: 'ftp://example.org', tileUrl: null }));
    expect(odd.get('connect-src')).toEqual(["'self'", ...DEFAULT_TILE_SOURCES]);
  });
});

describe('webSocketOrigin', () => {
  it('maps http to ws and https to wss', () => {
    expect(webSocketOrigin('http://a:1')).toBe('ws://a:1');
    expect(webSocketOrigin('https://a')).toBe('wss://a');
  });
});
