import { inflateSync } from 'node:zlib';

/** A numeric variable from a MAT file: row-major rows of numbers. */
export interface MatVariable {
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  readonly data: number[][];
}

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

interface Element {
  readonly type: number;
  readonly body: Buffer;
  readonly next: number;
}

function readElement(buf: Buffer, offset: number, little: boolean): Element {
  const u32 = (o: number): number => (little ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const first = u32(offset);
  if (first >>> 16 !== 0) {
    // Small data element: size in the upper half, 4 bytes of data in the same 8-byte slot.
    const size = first >>> 16;
    return {
      type: first & 0xffff,
      body: buf.subarray(offset + 4, offset + 4 + size),
      next: offset + 8,
    };
  }
  const size = u32(offset + 4);
  const body = buf.subarray(offset + 8, offset + 8 + size);
  return { type: first, body, next: offset + 8 + Math.ceil(size / 8) * 8 };
}

function numbers(e: Element, little: boolean): number[] {
  const b = e.body;
  const out: number[] = [];
  const read: Record<number, [number, (o: number) => number]> = {
    1: [1, (o) => b.readInt8(o)],
    2: [1, (o) => b.readUInt8(o)],
    3: [2, (o) => (little ? b.readInt16LE(o) : b.readInt16BE(o))],
    4: [2, (o) => (little ? b.readUInt16LE(o) : b.readUInt16BE(o))],
    5: [4, (o) => (little ? b.readInt32LE(o) : b.readInt32BE(o))],
    6: [4, (o) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o))],
    7: [4, (o) => (little ? b.readFloatLE(o) : b.readFloatBE(o))],
    9: [8, (o) => (little ? b.readDoubleLE(o) : b.readDoubleBE(o))],
  };
  const entry = read[e.type];
  if (entry === undefined) throw new Error(`MAT reader: unsupported data type ${e.type}`);
  const [width, get] = entry;
  for (let o = 0; o + width <= b.length; o += width) out.push(get(o));
  return out;
}

function readMatrixElement(body: Buffer, little: boolean): MatVariable | null {
  const flags = readElement(body, 0, little);
  const mxClass = numbers(flags, little)[0] & 0xff;
  const dims = readElement(body, flags.next, little);
  const name = readElement(body, dims.next, little);
  const [rows, columns, ...more] = numbers(dims, little);
  // Numeric classes only (mxDOUBLE_CLASS = 6 ... mxUINT64_CLASS = 15), 2-D.
  if (mxClass < 6 || mxClass > 15 || more.length > 0) return null;
  const real = numbers(readElement(body, name.next, little), little);
  const data = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => real[j * rows + i]),
  );
  return { name: name.body.toString('latin1'), rows, columns, data };
}

/**
 * Reads the numeric 2-D variables of a MAT-file version 5 (uncompressed or zlib-compressed
 * elements), enough for the course's ex7data1.mat. Test helper, not part of the library.
 */
export function readMat(file: Buffer): Map<string, MatVariable> {
  if (file.length < 128 || !file.subarray(0, 6).toString('latin1').startsWith('MATLAB')) {
    throw new Error('MAT reader: not a MAT-file version 5');
  }
  const little = file.subarray(126, 128).toString('latin1') === 'IM';
  const out = new Map<string, MatVariable>();
  let offset = 128;
  while (offset + 8 <= file.length) {
    let e = readElement(file, offset, little);
    offset = e.next;
    if (e.type === MI_COMPRESSED) {
      const inflated = inflateSync(e.body);
      e = readElement(inflated, 0, little);
    }
    if (e.type !== MI_MATRIX) continue;
    const v = readMatrixElement(e.body, little);
    if (v !== null) out.set(v.name, v);
  }
  return out;
}
