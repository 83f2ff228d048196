import { fileURLToPath } from 'node:url';
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
      const { compile, parse, renderAsync, View } = await loadChartLibraries();
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

type ChartLibraries = typeof import('vega') & typeof import('vega-lite') & typeof import('@resvg/resvg-js');
let chartLibraries: Promise<Pick<ChartLibraries, 'compile' | 'parse' | 'renderAsync' | 'View'>> | undefined;

// Loaded on the first chart, not at start: Vega and Vega-Lite are tens of MiB of heap that an idle
// Firebreak (or one without Prometheus) never needs.
function loadChartLibraries() {
  chartLibraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(
    ([vega, vegaLite, resvg]) => ({
      compile: vegaLite.compile,
      parse: vega.parse,
      renderAsync: resvg.renderAsync,
      View: vega.View,
    }),
  );
  return chartLibraries;
}
