/**
 * The Content-Security-Policy the app runs under: owns which origins the page may talk
 * to. Default: only the app's own origin ('self') — no third-party server is reachable,
 * so no data can leave the machine by a script, an image, a font or a stylesheet.
 *
 * The user's own basemap is the one exception, and only once configured. A meta CSP is
 * fixed when the page loads (a later, looser policy cannot widen it), so cspBoot.ts
 * writes it at start-up from the stored style URL, before any other module runs. A
 * style URL set during a session takes effect after a reload (the Data menu offers it).
 * Origins the style itself pulls tiles, glyphs or sprites from are added only when the
 * user allows each one (after the browser reported it blocked).
 *
 * Why each source expression is there:
 *   blob: in worker-src/child-src   MapLibre starts its worker from a blob: URL
 *   data: blob: in img-src          deck.gl's icon atlas and canvas read-backs
 *   data: blob: in connect-src      loaders fetch data:/blob: URLs; both stay on the machine
 *   'unsafe-inline' in style-src    DEV ONLY: Vite injects CSS as <style> elements. The build
 *                                   links CSS files; React sets style props through the CSSOM
 *                                   (element.style), which style-src does not govern.
 * Pure, except that nothing here touches the DOM (cspBoot.ts does).
 */

export interface CspInput {
  /** The stored MapLibre style URL, if the user set one. */
  styleUrl: string | null;
  /** Further origins the user allowed for that style (tiles, glyphs, sprites on other hosts). */
  extraOrigins?: readonly string[];
  /** Vite dev server (hot reload needs inline <style>). */
  dev?: boolean;
}

export interface Csp {
  policy: string;
  /** Origins other than 'self' the policy lets the page reach. */
  allowedOrigins: string[];
}

/** The http(s) origin of a URL, or null for anything else (relative, data:, typos). */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

export function buildCsp(input: CspInput): Csp {
  const styleOrigin = originOf(input.styleUrl);
  const origins = styleOrigin
    ? [...new Set([styleOrigin, ...(input.extraOrigins ?? []).map(originOf).filter((o): o is string => o !== null)])]
    : [];
  const extra = origins.length ? ` ${origins.join(' ')}` : '';
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${input.dev ? " 'unsafe-inline'" : ''}`,
    `img-src 'self' data: blob:${extra}`,
    `font-src 'self' data:${extra}`,
    `connect-src 'self' data: blob:${extra}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "media-src 'self' data: blob:",
    "manifest-src 'self'",
  ];
  return { policy: directives.join('; '), allowedOrigins: origins };
}

/** Storage keys (localStorage: the CSP must be known synchronously, before IndexedDB opens). */
export const STYLE_URL_KEY = 'poc-threat-map:style-url'; // written by state/store.ts setStyleUrl
export const CSP_EXTRA_ORIGINS_KEY = 'poc-threat-map:csp-extra-origins';
