// /dev/chart-bench: draws N points with uPlot from typed arrays and reports how long it took.
// Public (no data from the API), so a browser test can open it directly.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';

/** Creates a chart of `points` points (one series, typed arrays) in a hidden-safe host and resolves with the draw time. */
export function runChartBench(points = 100_000, host?: HTMLElement): Promise<{ points: number; ms: number; dataMs: number }> {
  const t0 = performance.now();
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  const start = Math.floor(Date.now() / 1000) - points;
  let v = 50;
  for (let i = 0; i < points; i++) {
    x[i] = start + i;
    v += Math.sin(i * 0.01) + (((i * 2654435761) % 1000) / 1000 - 0.5) * 2;
    y[i] = v;
  }
  const dataMs = performance.now() - t0;
  const el = host ?? document.body.appendChild(document.createElement('div'));
  return new Promise(resolve => {
    const t1 = performance.now();
    let u: uPlot | null = null;
    const opts: uPlot.Options = {
      width: 1000, height: 360,
      series: [{}, { label: 'bench', stroke: '#2f7ed8', width: 1, points: { show: false } }],
      cursor: { drag: { x: true, y: false } },
      hooks: {
        draw: [() => {
          const ms = performance.now() - t1;
          queueMicrotask(() => {
            if (!host) { u?.destroy(); el.remove(); }
            resolve({ points, ms, dataMs });
          });
        }],
      },
    };
    u = new uPlot(opts, [x, y] as unknown as uPlot.AlignedData, el);
    u.ctx.canvas.dataset.testid = 'chart-canvas';
  });
}

export function ChartBench() {
  const host = useRef<HTMLDivElement>(null);
  const [n, setN] = useState(100_000);
  const [result, setResult] = useState<{ points: number; ms: number; dataMs: number } | null>(null);
  async function run() {
    host.current!.innerHTML = '';
    setResult(null);
    setResult(await runChartBench(n, host.current!));
  }
  useEffect(() => { run(); }, []);
  return (
    <main class="page bench">
      <h1>Chart benchmark</h1>
      <p>
        <label>Points <input type="number" min={1000} step={1000} value={n} data-testid="bench-points" onInput={e => setN(Number((e.target as HTMLInputElement).value))} /></label>{' '}
        <button type="button" class="btn" data-testid="bench-run" onClick={run}>Draw again</button>
      </p>
      <p data-testid="bench-result" data-state={result ? 'ready' : 'loading'} data-ms={result?.ms.toFixed(2)} data-points={result?.points}>
        {result ? `${result.points.toLocaleString()} points drawn in ${result.ms.toFixed(1)} ms (data generated in ${result.dataMs.toFixed(1)} ms)` : 'Drawing…'}
      </p>
      <div ref={host} class="bench-host" />
    </main>
  );
}
