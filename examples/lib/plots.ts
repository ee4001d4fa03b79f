import type { TopLevelSpec } from 'vega-lite';

const size = 360;

/** One x/y domain for both axes, so that angles on the chart are true angles (equal aspect). */
function squareDomain(points: readonly (readonly number[])[]): [number, number][] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * 1.1;
  const centre = (values: number[]) => (Math.max(...values) + Math.min(...values)) / 2;
  return [centre(xs), centre(ys)].map((c): [number, number] => [c - span / 2, c + span / 2]);
}

function axes(points: readonly (readonly number[])[]) {
  const [x, y] = squareDomain(points);
  return {
    x: { field: 'x', type: 'quantitative', title: 'x1', scale: { domain: x, nice: false } },
    y: { field: 'y', type: 'quantitative', title: 'x2', scale: { domain: y, nice: false } },
  } as const;
}

/** A labelled arrow from the origin, e.g. a loading vector scaled by its variance. */
export interface Arrow {
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

/**
 * A scatter of 2-D points, with arrows from the origin (the principal directions) when given.
 *
 * @param title - Chart title.
 * @param X - The points, one `[x1, x2]` each.
 * @param arrows - Arrows to draw from (0, 0).
 */
export function scatterSpec(
  title: string,
  X: readonly (readonly number[])[],
  arrows: readonly Arrow[] = [],
): TopLevelSpec {
  const ends = arrows.map((a) => ({ x: 0, y: 0, x2: a.x, y2: a.y, label: a.label }));
  const { x, y } = axes([...X, ...arrows.map((a) => [a.x, a.y]), [0, 0]]);
  return {
    title,
    width: size,
    height: size,
    layer: [
      {
        data: { values: X.map(([px, py]) => ({ x: px, y: py })) },
        mark: { type: 'point', filled: true, color: '#4c78a8' },
        encoding: { x, y },
      },
      {
        data: { values: ends },
        mark: { type: 'rule', color: '#1f3d99', strokeWidth: 2 },
        encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        data: { values: ends },
        mark: { type: 'point', shape: 'diamond', filled: true, color: '#1f3d99', size: 60 },
        encoding: { x: { ...x, field: 'x2' }, y: { ...y, field: 'y2' } },
      },
      {
        data: { values: ends },
        mark: { type: 'text', color: '#1f3d99', dx: 18, dy: -8, fontWeight: 'bold' },
        encoding: { x: { ...x, field: 'x2' }, y: { ...y, field: 'y2' }, text: { field: 'label' } },
      },
    ],
  };
}

/**
 * Original points in blue, their reconstructions in red and, when `lines` is set, a segment from
 * each point to its reconstruction (the notebook's projection figure).
 *
 * @param title - Chart title.
 * @param original - The data.
 * @param recovered - Its reconstruction, row for row.
 * @param lines - Draw the segments. @defaultValue true
 */
export function projectionSpec(
  title: string,
  original: readonly (readonly number[])[],
  recovered: readonly (readonly number[])[],
  lines = true,
): TopLevelSpec {
  const { x, y } = axes([...original, ...recovered]);
  const points = [
    ...original.map(([px, py]) => ({ x: px, y: py, series: 'original' })),
    ...recovered.map(([px, py]) => ({ x: px, y: py, series: 'recovered' })),
  ];
  const segments = original.map(([px, py], i) => ({
    x: px,
    y: py,
    x2: recovered[i][0],
    y2: recovered[i][1],
  }));
  const pointLayer = {
    data: { values: points },
    mark: { type: 'point', filled: true },
    encoding: {
      x,
      y,
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['original', 'recovered'], range: ['#4c78a8', '#e45756'] },
        legend: { orient: 'top-left' },
      },
    },
  } as const;
  const segmentLayer = {
    data: { values: segments },
    mark: { type: 'rule', color: '#333', strokeWidth: 0.8 },
    encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
  } as const;
  return {
    title,
    width: size,
    height: size,
    layer: lines ? [segmentLayer, pointLayer] : [pointLayer],
  };
}

/**
 * Training curves on a log scale, one line per named series (loss, mse, penalty terms…).
 *
 * @param title - Chart title.
 * @param series - Values per epoch, by name; empty or non-positive series are left out.
 */
export function lossCurvesSpec(
  title: string,
  series: Record<string, readonly number[]>,
): TopLevelSpec {
  const values = Object.entries(series).flatMap(([name, ys]) =>
    ys.flatMap((value, epoch) => (value > 0 ? [{ epoch, value, series: name }] : [])),
  );
  return {
    title,
    width: 480,
    height: 280,
    data: { values },
    mark: { type: 'line', point: values.length < 60 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch (iteration when full-batch)' },
      y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
