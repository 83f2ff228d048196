import type { TopLevelSpec } from 'vega-lite';

/** What a metric chart shows: the series of one query over a window, with moments and the healthy line marked. */
export interface ChartInput {
  title: string;
  subtitle?: string;
  /** The query's unit (`ratio`, `bytes`, `seconds`, `percent`, or a free word): how the axis reads. */
  unit: string;
  from: Date;
  to: Date;
  series: { label: string; points: { at: Date; value: number }[] }[];
  /** Moments drawn as vertical lines: the alert's start, the action. */
  marks: { at: Date; label: string }[];
  /** The healthy threshold, drawn as a horizontal line. */
  threshold?: { value: number; label: string };
  /** IANA zone the time axis reads in (the team's `timezone`). */
  timeZone: string;
}

/** The view's size in CSS pixels; the PNG is drawn at twice this for sharp text on high-density screens. */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 280;
export const CHART_SCALE = 2;
/** More lines than this are unreadable in a chat-sized picture: the highest ones are kept. */
export const MAX_SERIES = 5;

const FEW_POINTS = 30;
const LABEL_ROW = 14;
const LINE = '#1c64d8';
const MARK = '#c2410c';
const HEALTHY = '#15803d';
const FONT = 'DejaVu Sans';

/**
 * The Vega-Lite spec of a metric chart: a line per series (non-finite samples dropped: a gap, not
 * a spike), dashed vertical rules with labels for the marked moments, a dotted healthy line. Times
 * are shifted into the team's zone and drawn on a UTC scale, so the axis reads local wall-clock
 * time without depending on the server's zone. Pure: the same input gives the same spec.
 */
export function buildChartSpec(input: ChartInput): TopLevelSpec {
  const local = (d: Date) => d.getTime() + zoneOffsetMs(input.timeZone, d);
  const kept = [...input.series]
    .map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.value)) }))
    .filter((s) => s.points.length > 0)
    .sort((a, b) => last(b) - last(a))
    .slice(0, MAX_SERIES);
  const values = kept.flatMap((s) => s.points.map((p) => ({ t: local(p.at), v: p.value, s: s.label })));
  const marks = input.marks
    .filter((m) => m.at >= input.from && m.at <= input.to)
    // Each label a line lower than the one before: moments minutes apart would print over each other.
    .map((m, i) => ({ t: local(m.at), label: m.label, row: 2 + i * LABEL_ROW }));
  const x = {
    field: 't',
    type: 'temporal' as const,
    title: null,
    scale: { type: 'utc' as const, domain: [local(input.from), local(input.to)] },
    axis: { format: '%H:%M', tickCount: 6, grid: false },
  };
  const layer: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      data: { values },
      // With few samples (a young series) the points are drawn too: one sample alone is no line.
      mark: { type: 'line', strokeWidth: 2, clip: true, point: values.length <= FEW_POINTS },
      encoding: {
        x,
        y: { field: 'v', type: 'quantitative', title: axisTitle(input.unit), axis: { format: axisFormat(input.unit) } },
        color:
          kept.length > 1
            ? { field: 's', type: 'nominal', legend: { orient: 'bottom', title: null, labelLimit: 280 } }
            : { value: LINE },
      },
    },
  ];
  if (marks.length)
    layer.push(
      {
        data: { values: marks },
        mark: { type: 'rule', color: MARK, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { x },
      },
      {
        data: { values: marks },
        mark: { type: 'text', color: MARK, align: 'left', baseline: 'top', dx: 4, fontSize: 11 },
        encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } },
      },
    );
  if (input.threshold && Number.isFinite(input.threshold.value))
    layer.push(
      {
        data: { values: [{ v: input.threshold.value }] },
        mark: { type: 'rule', color: HEALTHY, strokeDash: [2, 3], strokeWidth: 1.5 },
        encoding: { y: { field: 'v', type: 'quantitative' } },
      },
      {
        data: { values: [{ v: input.threshold.value, label: input.threshold.label }] },
        mark: { type: 'text', color: HEALTHY, align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 11 },
        encoding: { x: { value: 0 }, y: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    title: { text: input.title, ...(input.subtitle && { subtitle: input.subtitle }), anchor: 'start', fontSize: 14 },
    config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 } },
    layer,
  };
}

const last = (s: { points: { value: number }[] }) => s.points[s.points.length - 1]?.value ?? Number.NEGATIVE_INFINITY;

function axisFormat(unit: string): string {
  switch (unit) {
    case 'ratio':
      return '.1~%';
    case 'bytes':
      return '.3~s';
    default:
      return '.3~';
  }
}

function axisTitle(unit: string): string {
  switch (unit) {
    case 'ratio':
      return 'ratio (%)';
    case 'bytes':
      return 'bytes';
    default:
      return unit;
  }
}

/** The zone's offset from UTC at `at`, in ms (DST-aware: taken from Intl at that instant). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
