import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { buildChartSpec, CHART_SCALE, CHART_WIDTH, type ChartInput } from './chart-spec.js';

export type { ChartInput } from './chart-spec.js';

export interface ChartRenderer {
  /** A PNG of the chart, CHART_WIDTH × CHART_HEIGHT at CHART_SCALE. */
  renderPng(input: ChartInput): Promise<Uint8Array>;
}

// Shipped with the app (assets/fonts): the slim image has no system fonts, and text must not depend on the host.
// The same relative path holds from src/integrations/chart and from dist/integrations/chart.
const FONT_FILE = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));

/**
 * Server-side charts without a browser: Vega-Lite compiles the spec to Vega, Vega's headless view
 * draws SVG (no canvas needed), and resvg (a Rust SVG renderer, prebuilt binary) rasterises it to
 * PNG on a worker thread, so a chart never holds up the event loop.
 */
export function createChartRenderer(options: { fontFile?: string } = {}): ChartRenderer {
  const fontFile = options.fontFile ?? FONT_FILE;
  return {
    async renderPng(input) {
      const spec = compile(buildChartSpec(input)).spec;
      const view = new View(parse(spec), { renderer: 'none', logLevel: 0 });
      try {
        const svg = await view.toSVG();
        const image = await renderAsync(svg, {
          fitTo: { mode: 'width', value: CHART_WIDTH * CHART_SCALE },
          background: 'white',
          font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: 'DejaVu Sans' },
        });
        return image.asPng();
      } finally {
        view.finalize();
      }
    },
  };
}
