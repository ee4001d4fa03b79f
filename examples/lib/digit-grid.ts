import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encode } from 'fast-png';

const side = 28;

/**
 * Writes a row of 28×28 digits side by side as an 8-bit grayscale PNG, as the notebook's
 * `mnist_grid` shows them. Values are clamped to [0, 1] first: reconstructions overshoot.
 *
 * @param path - The PNG file to write; its folder is created.
 * @param digits - 784 values per digit, row by row.
 * @param scale - Pixels per MNIST pixel, so the row is readable at a glance. @defaultValue 3
 */
export function writeDigitRow(path: string, digits: readonly ArrayLike<number>[], scale = 3): void {
  const width = digits.length * side * scale;
  const height = side * scale;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const digit = digits[Math.floor(x / (side * scale))];
      const pixel = Math.floor(y / scale) * side + (Math.floor(x / scale) % side);
      const value = Math.min(1, Math.max(0, digit[pixel]));
      data[y * width + x] = Math.round(value * 255);
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encode({ width, height, data, channels: 1, depth: 8 }));
}
