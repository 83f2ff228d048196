/** The footprint section's table: printed by `npm run bench` and `npm run bench -- --footprint-only`. */
import { type FootprintResult, IN_FLIGHT, INCIDENTS } from './measure.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function printFootprint(results: FootprintResult[]): void {
  out();
  out(`Footprint: ack latency (ms) with ${IN_FLIGHT} requests in flight, beside a bare Bolt app in the same run;`);
  out(`memory of the app process (RSS), of its child processes (the embedded server) and both together (PSS)`);
  for (const r of results) {
    out();
    out(
      `  ${r.target}: ${r.database} · load average ${r.loadAverage.start} → ${r.loadAverage.end} · started in ${r.startMs} ms`,
    );
    const header = ['command', 'n', 'bare p50', 'bare p99', 'firebreak p50', 'firebreak p99', 'p99 ÷ bare'];
    const rows = r.rows.map((row) => [
      row.command,
      String(row.firebreak.n),
      row.bare.p50.toFixed(1),
      row.bare.p99.toFixed(1),
      row.firebreak.p50.toFixed(1),
      row.firebreak.p99.toFixed(1),
      `${row.p99Ratio.toFixed(2)}×`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    out(`    ${line(header)}`);
    out(`    ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    for (const x of rows) out(`    ${line(x)}`);
    for (const row of r.rows) {
      const o = Object.entries(row.outcomes).map(([k, v]) => `${k} ${v}`);
      if (o.length) out(`    ${row.command} outcomes: ${o.join(', ')}`);
      const perSecond = Math.round((row.firebreak.n / row.workMs) * 1000);
      out(
        `    ${row.command} work: all ${row.firebreak.n} carried out ${(row.workMs / 1000).toFixed(1)} s after their first request (${perSecond}/s, the acks first)`,
      );
      if (row.failures.length)
        out(`    ${row.command}: ${row.failures.length} request(s) got no HTTP answer, e.g. ${row.failures[0]}`);
    }
    const mem = (m: FootprintResult['idle']) =>
      `app RSS ${m.appRssMiB} MiB (V8 heap ${m.heapUsedMiB} used of ${m.heapTotalMiB}), children RSS ${m.childrenRssMiB} MiB, app + children PSS ${m.totalPssMiB} MiB`;
    out(`    idle after start:         ${mem(r.idle)}`);
    out(`    after ${INCIDENTS.toLocaleString('en')} incidents:   ${mem(r.afterIncidents)}`);
  }
}
