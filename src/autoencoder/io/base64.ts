import { ModelFileError } from '../../errors/index.js';

/** Number of bytes a base64 string decodes to, computed without decoding it. */
export function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Encodes bytes as base64 (browser and Node, no Buffer). */
export function toBase64(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Decodes base64 weights; `file` names the bundle in the error. */
export function fromBase64(text: string, file: string): ArrayBuffer {
  let binary: string;
  try {
    binary = atob(text);
  } catch (error) {
    throw new ModelFileError(`${file}: the weights are not valid base64.`, { cause: error });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
