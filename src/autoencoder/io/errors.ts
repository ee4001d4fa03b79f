import { AutoencodersError, ModelFileError } from '../../errors/index.js';

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A ModelFileError naming what failed where, with the system's error code (`ENOSPC: ...`) when
 * there is one; an error of this library passes as is.
 */
export function storeError(label: string, doing: string, error: unknown): AutoencodersError {
  if (AutoencodersError.is(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? `${code}: ${messageOf(error)}` : messageOf(error);
  return new ModelFileError(`${label}: could not ${doing} (${reason}).`, { cause: error });
}

/** Refuses a save whose handler reported errors in its SaveResult (none reported is success). */
export function checkSaveResult(label: string, result: { errors?: unknown[] } | undefined): void {
  if (result?.errors && result.errors.length > 0) {
    throw new ModelFileError(`${label}: could not save (${result.errors.map(String).join('; ')}).`);
  }
}
