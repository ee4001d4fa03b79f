/** A URL scheme at the start of a string (`https:`, `indexeddb:`), or a drive letter (`C:`). */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** True when `path` starts with a URL scheme or a drive letter (`data:`, `https:`, `C:`). */
export function hasScheme(path: string): boolean {
  return SCHEME.test(path);
}

/**
 * The lower-cased scheme of a `scheme://` location, or undefined for a file path or a `file://`
 * URL (both name a folder).
 */
export function schemeOf(location: string): string | undefined {
  const match = SCHEME.exec(location);
  if (!match || !location.startsWith('//', match[0].length)) return undefined;
  const scheme = match[1]!.toLowerCase();
  return scheme === 'file' ? undefined : scheme;
}
