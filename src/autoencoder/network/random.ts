/**
 * A small seeded pseudo-random generator (mulberry32) used for shuffling, layer-initializer seeds
 * and per-step noise seeds, so that the same seed gives the same training run.
 *
 * It is not the PCA module's generator (src/pca/kernels/prng.ts, xoshiro128**): the two are
 * different algorithms, and moving the autoencoder to xoshiro would change every seeded model's
 * initial weights, batch order and noise, so saved seeds would no longer reproduce their runs.
 *
 * @internal
 */
export class SeededRandom {
  private state_: number;

  constructor(seed: number) {
    this.state_ = seed >>> 0;
  }

  /** The generator's whole state (a 32-bit integer), saved with checkpoints to resume training. */
  get state(): number {
    return this.state_;
  }

  set state(value: number) {
    this.state_ = value >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state_ = (this.state_ + 0x6d2b79f5) >>> 0;
    let t = this.state_;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Shuffles `values` in place (Fisher–Yates). */
  shuffle(values: Int32Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}

/** Derives an independent 32-bit seed from `seed` and a salt. @internal */
export function deriveSeed(seed: number, salt: number): number {
  const r = new SeededRandom((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  r.nextUint32();
  return r.nextUint32();
}
