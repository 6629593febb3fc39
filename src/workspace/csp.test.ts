import { describe, expect, it } from 'vitest';
import { buildCsp, originOf } from './csp.ts';

const directive = (policy: string, name: string): string[] =>
  policy.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === name)?.slice(1) ?? [];

describe('buildCsp', () => {
  it('by default allows only the app itself (plus local data:/blob: URLs) for every kind of request', () => {
    const { policy, allowedOrigins } = buildCsp({ styleUrl: null });
    expect(allowedOrigins).toEqual([]);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'style-src')).toEqual(["'self'"]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/https?:|\*|unsafe-eval/);
  });

  it('a configured basemap adds exactly its origin (and the ones the user allowed for it)', () => {
    const { policy, allowedOrigins } = buildCsp({ styleUrl: 'https://tiles.example.org:8443/styles/x.json?key=1', extraOrigins: ['https://fonts.example.net/glyphs', 'javascript:alert(1)', 'nonsense'] });
    expect(allowedOrigins).toEqual(['https://tiles.example.org:8443', 'https://fonts.example.net']);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example.org:8443', 'https://fonts.example.net']);
    expect(directive(policy, 'img-src')).toContain('https://tiles.example.org:8443');
    expect(directive(policy, 'script-src')).toEqual(["'self'"]); // a basemap never gets to run code
  });

  it('extra origins are ignored without a basemap; dev relaxes only inline styles', () => {
    expect(buildCsp({ styleUrl: null, extraOrigins: ['https://a.example'] }).allowedOrigins).toEqual([]);
    expect(directive(buildCsp({ styleUrl: null, dev: true }).policy, 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directive(buildCsp({ styleUrl: null, dev: true }).policy, 'script-src')).toEqual(["'self'"]);
  });

  it('originOf accepts http(s) URLs only', () => {
    expect(originOf('http://127.0.0.1:8080/style.json')).toBe('http://127.0.0.1:8080');
    expect(originOf('/local/style.json')).toBeNull();
    expect(originOf('data:application/json,{}')).toBeNull();
    expect(originOf("https://x.example/'; script-src *")).toBe('https://x.example');
  });
});
