// The `mnist` package ships no types; this covers the part the examples use.
declare module 'mnist' {
  interface MnistDigit {
    /** Number of samples of this digit. */
    readonly length: number;
    /** Sample `index` as 784 values in [0, 1], row by row. */
    get(index: number): number[];
  }
  const digits: readonly MnistDigit[];
  export = digits;
}
