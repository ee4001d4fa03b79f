/**
 * Base64 to bytes with `atob`, which Node 16+ and every browser have (no `Buffer` in browsers):
 * how the kernels' WebAssembly modules, shipped as base64 strings, are loaded without file access.
 *
 * @example
 * ```ts
 * decodeBase64('AGFzbQ=='); // Uint8Array [0, 97, 115, 109]
 * ```
 * @internal
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
