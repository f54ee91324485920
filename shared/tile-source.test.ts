import { describe, expect, it } from 'vitest';
import { tileSource } from './tile-source.js';

describe('tileSource', () => {
  it('keeps the origin of a fixed host and wildcards a templated first label', () => {
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileSource('https://{s}.tile.example.org:8443/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org:8443');
  });

  it('keeps a plain host with its port', () => {
    expect(tileSource('http://localhost:8081/tiles/{z}/{x}/{y}.png')).toBe('http://localhost:8081');
  });
  it('narrows to the scheme when the template is not in the first host label', () => {
    expect(tileSource('https://tiles.{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
  });
  it('refuses what is not an http(s) URL', () => {
    expect(tileSource('javascript:alert(1)')).toBeUndefined();
    expect(tileSource('not a url')).toBeUndefined();
  });
});
