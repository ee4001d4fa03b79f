import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMat } from './helpers/mat-reader.js';

/** A MAT v5 file holding one double matrix, optionally zlib-compressed. */
function writeMat(name: string, rows: number[][], compressed: boolean): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write('MATLAB 5.0 MAT-file, test', 0, 'latin1');
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const el = (type: number, body: Buffer): Buffer => {
    const tag = Buffer.alloc(8);
    tag.writeUInt32LE(type, 0);
    tag.writeUInt32LE(body.length, 4);
    const pad = Buffer.alloc((8 - (body.length % 8)) % 8);
    return Buffer.concat([tag, body, pad]);
  };
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(6, 0); // mxDOUBLE_CLASS
  const dims = Buffer.alloc(8);
  dims.writeInt32LE(rows.length, 0);
  dims.writeInt32LE(rows[0].length, 4);
  const values = Buffer.alloc(8 * rows.length * rows[0].length);
  let o = 0;
  for (let j = 0; j < rows[0].length; j++) {
    for (const row of rows) {
      values.writeDoubleLE(row[j], o);
      o += 8;
    }
  }
  const matrix = el(
    14,
    Buffer.concat([el(6, flags), el(5, dims), el(1, Buffer.from(name, 'latin1')), el(9, values)]),
  );
  return Buffer.concat([header, compressed ? el(15, deflateSync(matrix)) : matrix]);
}

describe('the test helper readMat (MAT v5)', () => {
  const rows = [
    [1.5, -2],
    [3, 4e-300],
    [Math.PI, 6],
  ];

  it('reads an uncompressed double matrix, column-major into rows', () => {
    const X = readMat(writeMat('X', rows, false)).get('X');
    expect(X).toMatchObject({ name: 'X', rows: 3, columns: 2, data: rows });
  });

  it('reads a zlib-compressed (miCOMPRESSED) double matrix', () => {
    const X = readMat(writeMat('data', rows, true)).get('data');
    expect(X?.data).toEqual(rows);
  });

  it('refuses a file without the MAT v5 header', () => {
    expect(() => readMat(Buffer.from('not a mat file'))).toThrow(/MAT-file version 5/);
  });
});
