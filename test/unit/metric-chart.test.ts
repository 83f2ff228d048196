import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildChartSpec,
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  type ChartInput,
  MAX_SERIES,
  zoneOffsetMs,
} from '../../src/integrations/chart/chart-spec.js';
import { createChartRenderer } from '../../src/integrations/chart/render-chart.js';

const to = new Date('2026-11-30T10:00:00Z');
const from = new Date(to.getTime() - 3600_000);
const at = (min: number) => new Date(from.getTime() + min * 60_000);

function input(over: Partial<ChartInput> = {}): ChartInput {
  return {
    title: 'checkout: verify query',
    unit: 'ratio',
    from,
    to,
    series: [{ label: 'checkout', points: [0, 10, 20, 30].map((m, i) => ({ at: at(m), value: i / 100 })) }],
    marks: [{ at: at(40), label: 'alert fired' }],
    threshold: { value: 0.01, label: 'healthy < 1%' },
    timeZone: 'UTC',
    ...over,
  };
}

type Layer = { data: { values: Record<string, unknown>[] }; mark: { type: string }; encoding: Record<string, unknown> };
const layers = (spec: ReturnType<typeof buildChartSpec>) => (spec as unknown as { layer: Layer[] }).layer;
const ofType = (spec: ReturnType<typeof buildChartSpec>, type: string) =>
  layers(spec).filter((l) => l.mark.type === type);

describe('metric chart spec', () => {
  it('draws the series points, the marked moments and the healthy line', () => {
    const spec = buildChartSpec(input());
    const [line] = ofType(spec, 'line');
    expect(line?.data.values).toEqual(
      [0, 10, 20, 30].map((m, i) => ({ t: at(m).getTime(), v: i / 100, s: 'checkout' })),
    );
    expect(ofType(spec, 'rule').map((l) => l.data.values)).toEqual([
      [{ t: at(40).getTime(), label: 'alert fired', row: 2 }],
      [{ v: 0.01 }],
    ]);
    expect(ofType(spec, 'text').map((l) => l.data.values[0]?.label)).toEqual(['alert fired', 'healthy < 1%']);
    expect(spec).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT, title: { text: 'checkout: verify query' } });
  });

  it('drops samples that are not numbers and marks outside the window', () => {
    const spec = buildChartSpec(
      input({
        series: [
          {
            label: 'a',
            points: [
              { at: at(1), value: Number.NaN },
              { at: at(2), value: 0.5 },
            ],
          },
        ],
        marks: [{ at: new Date(from.getTime() - 60_000), label: 'long ago' }],
        threshold: undefined,
      }),
    );
    expect(ofType(spec, 'line')[0]?.data.values).toEqual([{ t: at(2).getTime(), v: 0.5, s: 'a' }]);
    expect(ofType(spec, 'rule')).toEqual([]);
  });

  it('keeps the highest series when there are too many, coloured by label', () => {
    const series = Array.from({ length: MAX_SERIES + 2 }, (_, i) => ({
      label: `pod-${i}`,
      points: [{ at: at(5), value: i }],
    }));
    const [line] = ofType(buildChartSpec(input({ series })), 'line');
    expect(new Set(line?.data.values.map((v) => v.s))).toEqual(new Set(['pod-6', 'pod-5', 'pod-4', 'pod-3', 'pod-2']));
    expect(line?.encoding.color).toMatchObject({ field: 's' });
  });

  it('reads the time axis in the team zone', () => {
    expect(zoneOffsetMs('Europe/Berlin', new Date('2026-11-30T10:00:00Z'))).toBe(3600_000);
    expect(zoneOffsetMs('Europe/Berlin', new Date('2026-07-01T10:00:00Z'))).toBe(7200_000);
    const [line] = ofType(buildChartSpec(input({ timeZone: 'America/New_York' })), 'line');
    expect(line?.data.values[0]?.t).toBe(at(0).getTime() - 5 * 3600_000);
  });
});

describe('metric chart PNG', () => {
  it('is a PNG of the chart size, drawn from the series', async () => {
    const renderer = createChartRenderer();
    const png = Buffer.from(await renderer.renderPng(input()));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH * CHART_SCALE);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT * CHART_SCALE);
    // Another series gives another picture: the pixels come from the data, not a fixed image.
    const other = Buffer.from(
      await renderer.renderPng(
        input({
          series: [
            {
              label: 'x',
              points: [
                { at: at(1), value: 9 },
                { at: at(50), value: 1 },
              ],
            },
          ],
        }),
      ),
    );
    expect(pixels(other).equals(pixels(png))).toBe(false);
  });
});

/** The decompressed image data of a PNG (its IDAT chunks inflated). */
function pixels(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 8; i < png.length; ) {
    const len = png.readUInt32BE(i);
    if (png.toString('latin1', i + 4, i + 8) === 'IDAT') parts.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  return inflateSync(Buffer.concat(parts));
}
