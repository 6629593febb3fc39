/**
 * Runs first (main.tsx imports it before anything else): writes the page's
 * Content-Security-Policy <meta> from the stored basemap style URL, so the policy is in
 * force before React, MapLibre or any worker starts. See csp.ts for the policy and why.
 * A meta CSP added by script is enforced from the moment it is inserted; nothing has
 * fetched anything yet at that point except the app's own bundle.
 */
import type { Csp } from './csp.ts';
import { CSP_EXTRA_ORIGINS_KEY, STYLE_URL_KEY, buildCsp } from './csp.ts';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage disabled: no user basemap, strictest policy
  }
}

function extraOrigins(): string[] {
  try {
    const v: unknown = JSON.parse(read(CSP_EXTRA_ORIGINS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The policy in force for this page load (the Data menu compares the current style URL against it). */
export const ACTIVE_CSP: Csp = buildCsp({ styleUrl: read(STYLE_URL_KEY), extraOrigins: extraOrigins(), dev: import.meta.env.DEV });

if (typeof document !== 'undefined' && !document.querySelector('meta[data-poc-csp]')) {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = ACTIVE_CSP.policy;
  meta.setAttribute('data-poc-csp', '');
  document.head.appendChild(meta);
}
