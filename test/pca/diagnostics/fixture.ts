import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface LimitTruth {
  alpha: number;
  t2: number;
  jacksonMudholkar?: number;
  box?: number;
}

export interface CaseTruth {
  nComponents: number;
  scale: boolean;
  noiseVariance: number;
  theta: [number, number, number];
  t2: number[];
  spe: number[];
  scoreSamples: number[];
  score: number;
  limits: LimitTruth[];
}

/** A discarded spectrum with h0 < 0, its limits and the Monte Carlo quantile of Q. */
export interface SpectrumTruth {
  theta: [number, number, number];
  h0: number;
  limits: { alpha: number; jacksonMudholkar: number; box: number; monteCarlo: number }[];
}

/** numpy/scipy truth (test/fixtures/make-pca-diagnostics.py): 60×8 training rows, 10 new rows. */
export const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/pca-diagnostics.json', import.meta.url), 'utf8'),
) as {
  train: number[][];
  new: number[][];
  cases: CaseTruth[];
  spectra: SpectrumTruth[];
};

/** The largest relative error |a/e − 1| (|a − e| where e is 0). */
export function relErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  expect(actual.length).toBeGreaterThan(0);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    expect(Number.isFinite(actual[i]), `entry ${i} is ${actual[i]}`).toBe(true);
    const e = expected[i];
    worst = Math.max(worst, e === 0 ? Math.abs(actual[i]) : Math.abs(actual[i] / e - 1));
  }
  return worst;
}

/** The error `fn` throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
