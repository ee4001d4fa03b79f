import type { TopLevelSpec } from 'vega-lite';

/** One sample on the chart: its statistics and the group it is coloured by. */
export interface ChartPoint {
  readonly t2: number;
  readonly spe: number;
  readonly group: string;
}

/** A limit line: vertical (`axis: 't2'`) or horizontal (`axis: 'spe'`), labelled. */
export interface LimitLine {
  readonly axis: 't2' | 'spe';
  readonly value: number;
  readonly label: string;
}

/**
 * The T²-versus-Q control chart of multivariate process monitoring: each sample's Hotelling T²
 * (distance within the model's plane) against its squared prediction error (distance from the
 * plane), both on log scales, with the control limits as lines. A sample beyond either line is
 * out of control.
 *
 * @param title - Chart title.
 * @param points - The samples.
 * @param limits - The limit lines.
 */
export function controlChartSpec(
  title: string,
  points: readonly ChartPoint[],
  limits: readonly LimitLine[],
): TopLevelSpec {
  const x = {
    field: 't2',
    type: 'quantitative',
    title: 'Hotelling T²',
    scale: { type: 'log' },
  } as const;
  const y = {
    field: 'spe',
    type: 'quantitative',
    title: 'SPE (Q)',
    scale: { type: 'log' },
  } as const;
  const rule = (axis: 't2' | 'spe') => ({
    data: { values: limits.filter((l) => l.axis === axis) },
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: {
      [axis === 't2' ? 'x' : 'y']: { field: 'value', type: 'quantitative' },
      strokeDash: { field: 'label', type: 'nominal', title: 'limit', legend: { labelLimit: 240 } },
    },
  });
  return {
    title,
    width: 480,
    height: 360,
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'point', filled: true, opacity: 0.7, size: 24 },
        encoding: { x, y, color: { field: 'group', type: 'nominal', title: 'digit' } },
      },
      rule('t2'),
      rule('spe'),
    ],
  } as TopLevelSpec;
}
