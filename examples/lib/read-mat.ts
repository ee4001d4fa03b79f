import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/** A real 2-D numeric variable read from a MAT file. */
export interface MatVariable {
  /** The variable's name in the file. */
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  /** The values, one array per row (MAT files store them column by column). */
  readonly data: number[][];
}

// Data element types (MAT-File Format, table 1-1).
const miINT8 = 1;
const miUINT8 = 2;
const miINT16 = 3;
const miUINT16 = 4;
const miINT32 = 5;
const miUINT32 = 6;
const miSINGLE = 7;
const miDOUBLE = 9;
const miINT64 = 12;
const miUINT64 = 13;
const miMATRIX = 14;
const miCOMPRESSED = 15;

// Array classes that hold plain numbers: mxDOUBLE_CLASS (6) to mxUINT64_CLASS (15).
const firstNumericClass = 6;
const lastNumericClass = 15;
const classNames: Record<number, string> = {
  1: 'cell array',
  2: 'struct',
  3: 'object',
  4: 'char array',
  5: 'sparse matrix',
};
const complexFlag = 0x0800;

interface Element {
  readonly type: number;
  readonly body: Uint8Array;
  /** Offset of the element that follows this one. */
  readonly next: number;
}

function fail(message: string): never {
  throw new Error(`read-mat: ${message}`);
}

function readElement(bytes: Uint8Array, offset: number): Element {
  if (offset + 8 > bytes.length) fail(`truncated data element tag at byte ${offset}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const first = view.getUint32(0, true);
  // Small data element: size in the upper 16 bits, up to 4 bytes of data inside the tag.
  if (first >>> 16 !== 0) {
    const size = first >>> 16;
    if (size > 4) fail(`small data element at byte ${offset} claims ${size} bytes`);
    return {
      type: first & 0xffff,
      body: bytes.subarray(offset + 4, offset + 4 + size),
      next: offset + 8,
    };
  }
  const size = view.getUint32(4, true);
  const start = offset + 8;
  if (start + size > bytes.length) {
    fail(`data element at byte ${offset} claims ${size} bytes, past the end of the file`);
  }
  // Compressed elements are written back to back; every other element is padded to 8 bytes.
  const padded = first === miCOMPRESSED ? size : Math.ceil(size / 8) * 8;
  return { type: first, body: bytes.subarray(start, start + size), next: start + padded };
}

function numbersOf(element: Element, what: string): number[] {
  const { type, body } = element;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const readers: Record<number, [number, (at: number) => number]> = {
    [miINT8]: [1, (at) => view.getInt8(at)],
    [miUINT8]: [1, (at) => view.getUint8(at)],
    [miINT16]: [2, (at) => view.getInt16(at, true)],
    [miUINT16]: [2, (at) => view.getUint16(at, true)],
    [miINT32]: [4, (at) => view.getInt32(at, true)],
    [miUINT32]: [4, (at) => view.getUint32(at, true)],
    [miSINGLE]: [4, (at) => view.getFloat32(at, true)],
    [miDOUBLE]: [8, (at) => view.getFloat64(at, true)],
    [miINT64]: [8, (at) => Number(view.getBigInt64(at, true))],
    [miUINT64]: [8, (at) => Number(view.getBigUint64(at, true))],
  };
  const reader = readers[type];
  if (reader === undefined) fail(`${what} has data type ${type}, which is not numeric`);
  const [width, read] = reader;
  if (body.byteLength % width !== 0) fail(`${what} is ${body.byteLength} bytes, not whole values`);
  return Array.from({ length: body.byteLength / width }, (_, i) => read(i * width));
}

function readMatrix(body: Uint8Array): MatVariable {
  const flags = readElement(body, 0);
  const dimensions = readElement(body, flags.next);
  const nameElement = readElement(body, dimensions.next);
  const name = new TextDecoder().decode(nameElement.body);
  const [flagWord] = numbersOf(flags, 'the array flags');
  const arrayClass = flagWord & 0xff;
  if (arrayClass < firstNumericClass || arrayClass > lastNumericClass) {
    const kind = classNames[arrayClass] ?? `array class ${arrayClass}`;
    fail(`variable '${name}' is a ${kind}; only numeric matrices are supported`);
  }
  if ((flagWord & complexFlag) !== 0) fail(`variable '${name}' is complex; only real is supported`);
  const dims = numbersOf(dimensions, `the dimensions of '${name}'`);
  if (dims.length !== 2)
    fail(`variable '${name}' has ${dims.length} dimensions; only 2-D is supported`);
  const [rows, columns] = dims;
  const values = numbersOf(readElement(body, nameElement.next), `the real part of '${name}'`);
  if (values.length !== rows * columns) {
    fail(`variable '${name}' is ${rows}×${columns} but holds ${values.length} values`);
  }
  const data = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => values[j * rows + i]),
  );
  return { name, rows, columns, data };
}

function readVariables(bytes: Uint8Array, start: number, into: Map<string, MatVariable>): void {
  let offset = start;
  while (offset < bytes.length) {
    const element = readElement(bytes, offset);
    if (element.type === miCOMPRESSED) {
      readVariables(inflateSync(element.body), 0, into);
    } else if (element.type === miMATRIX) {
      const variable = readMatrix(element.body);
      into.set(variable.name, variable);
    } else {
      fail(`top-level data element of type ${element.type} at byte ${offset}; expected a matrix`);
    }
    offset = element.next;
  }
}

/**
 * Reads the numeric matrices of a MAT v5 file (the format of MATLAB's `save -v6` and `-v7`,
 * Octave's `-mat`, and scipy's `savemat`), compressed or not.
 *
 * @param source - The file's bytes, or a path to read them from.
 * @returns Every variable by name.
 * @throws Error for anything this small reader does not handle: MAT v4 or v7.3 (HDF5) files,
 * big-endian files, and cell, struct, char, sparse, complex or N-D variables.
 *
 * @example
 * ```ts
 * const X = readMat('ex7data1.mat').get('X')?.data; // 50 rows of [x1, x2]
 * ```
 */
export function readMat(source: Uint8Array | string): Map<string, MatVariable> {
  const bytes = typeof source === 'string' ? new Uint8Array(readFileSync(source)) : source;
  if (bytes.length < 128) fail('shorter than the 128-byte MAT v5 header');
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  if (text.startsWith('MATLAB 7.3')) fail('MAT v7.3 files are HDF5; save the data with -v7 or -v6');
  const version = bytes[124] | (bytes[125] << 8);
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian === 'MI') fail('big-endian MAT files are not supported');
  if (endian !== 'IM' || version !== 0x0100) {
    fail('not a MAT v5 file (no version 0x0100 and IM marker at bytes 124-127)');
  }
  const variables = new Map<string, MatVariable>();
  readVariables(bytes, 128, variables);
  return variables;
}
