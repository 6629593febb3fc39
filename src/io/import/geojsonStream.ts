/**
 * Streaming GeoJSON reader: owns splitting a FeatureCollection's `features` array into
 * one text per element as chunks arrive, with the physical line each element starts on,
 * so a large file never has to be one JSON.parse and every feature can be accepted or
 * rejected on its own (a broken feature does not sink the file).
 *
 * It is a small JSON scanner (strings, escapes, nesting), not a parser: each element's
 * text is handed to JSON.parse by the caller. Everything outside the features array
 * (type, name, crs) is kept and parsed at the end. A top-level array of features is
 * accepted too; a lone Feature or geometry becomes a single element.
 */

export interface JsonElement {
  text: string;
  line: number;
}

export interface GeoJsonTail {
  /** The top-level object with `features` emptied (for crs / name checks), or null if unreadable. */
  top: Record<string, unknown> | null;
  /** True when a features array (or top-level array) was found. */
  collection: boolean;
  /** True when the text ended inside the features array (a truncated file). */
  truncated: boolean;
}

const LF = 10, CR = 13, QUOTE = 34, BACKSLASH = 92, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93, COMMA = 44;

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === LF || c === CR || c === 0xfeff;
}

export class GeoJsonFeatureSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  private pendingCR = false;
  /** Depth of the features array's contents (elements live at this depth); 0 = not found yet. */
  private featuresDepth = 0;
  private inFeatures = false;
  private sawCollection = false;
  private capturing = false;
  private elemParts: string[] = [];
  private elemLine = 0;
  private keyParts: string[] | null = null;
  private lastKey = '';
  private outer: string[] = [];
  private firstLine = 0;

  constructor(private readonly onElement: (e: JsonElement) => void) {}

  push(s: string): void {
    const n = s.length;
    let elemStart = 0;
    let outerStart = 0;
    let keyStart = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // line counting (CRLF once, also across chunks)
      if (c === LF) { if (!this.pendingCR) this.line++; this.pendingCR = false; }
      else if (c === CR) { this.line++; this.pendingCR = true; }
      else this.pendingCR = false;

      if (this.inString) {
        if (this.escape) { this.escape = false; continue; }
        if (c === BACKSLASH) { this.escape = true; continue; }
        if (c === QUOTE) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(s.slice(keyStart, i));
            const k = this.keyParts.join('');
            this.lastKey = k.length <= 64 ? k : '';
            this.keyParts = null;
          }
        }
        continue;
      }
      if (isWs(c)) continue;
      if (this.firstLine === 0) this.firstLine = this.line;

      if (this.inFeatures && this.depth === this.featuresDepth) {
        if (c === COMMA || c === RBRACKET) {
          if (this.capturing) {
            this.elemParts.push(s.slice(elemStart, i));
            this.emit();
          }
          if (c === COMMA) continue;
        } else if (!this.capturing) {
          this.capturing = true;
          this.elemParts = [];
          this.elemLine = this.line;
          elemStart = i;
        }
      }

      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && !this.inFeatures) { this.keyParts = []; keyStart = i + 1; }
        continue;
      }
      if (c === LBRACE || c === LBRACKET) {
        if (c === LBRACKET && !this.sawCollection && ((this.depth === 1 && this.lastKey === 'features') || this.depth === 0)) {
          this.depth++;
          this.featuresDepth = this.depth;
          this.inFeatures = true;
          this.sawCollection = true;
          this.outer.push(s.slice(outerStart, i + 1));
          continue;
        }
        this.depth++;
        continue;
      }
      if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (this.inFeatures && this.depth === this.featuresDepth - 1) {
          this.inFeatures = false;
          outerStart = i;
        }
      }
    }
    if (this.capturing) this.elemParts.push(s.slice(elemStart));
    if (!this.inFeatures) this.outer.push(s.slice(outerStart));
    if (this.keyParts) this.keyParts.push(s.slice(keyStart));
  }

  private emit(): void {
    const text = this.elemParts.join('').trim();
    this.elemParts = [];
    this.capturing = false;
    if (text !== '') this.onElement({ text, line: this.elemLine });
  }

  end(): GeoJsonTail {
    // A truncated file: hand over what there is; JSON.parse will reject it with a reason.
    if (this.capturing) this.emit();
    const outerText = this.outer.join('').trim();
    let top: unknown = null;
    if (this.sawCollection) {
      // The top-level text with the features' contents removed is still valid JSON ("features":[]).
      try { top = outerText.startsWith('[') ? {} : JSON.parse(outerText); } catch {
        // Truncated after the features began: the members before "features" are still readable.
        try { top = this.inFeatures ? JSON.parse(`${outerText}]}`) : null; } catch { top = null; }
      }
      return { top: top && typeof top === 'object' && !Array.isArray(top) ? top as Record<string, unknown> : null, collection: true, truncated: this.inFeatures };
    }
    // No features array: a single Feature or a bare geometry is one element.
    if (outerText !== '') this.onElement({ text: outerText, line: this.firstLine || 1 });
    return { top: null, collection: false, truncated: false };
  }
}
