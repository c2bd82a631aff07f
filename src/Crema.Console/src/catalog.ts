// The metric catalog from GET /api/v1/metrics: namespaces → metrics → dimension sets (+ unit), cached briefly.
import { get } from './api';
import type { Dimension } from './charts/data';

export interface CatalogMetric { namespace: string; metricName: string; unit: string | null; dimensionSets: Dimension[][] }
export interface Catalog { namespaces: string[]; metrics: Map<string, CatalogMetric[]>; total: number; truncated: boolean }

const MAX_PAGES = 40;
let cached: { at: number; value: Promise<Catalog> } | null = null;

export function loadCatalog(force = false): Promise<Catalog> {
  if (!force && cached && Date.now() - cached.at < 60_000) return cached.value;
  const value = fetchCatalog();
  cached = { at: Date.now(), value };
  value.catch(() => { cached = null; });
  return value;
}

async function fetchCatalog(): Promise<Catalog> {
  const byKey = new Map<string, CatalogMetric>();
  let next: string | null = null;
  let total = 0;
  let pages = 0;
  do {
    const r: { metrics: { namespace: string; metricName: string; dimensions: Dimension[]; unit?: string | null }[]; nextToken?: string | null } =
      await get(`/api/v1/metrics${next ? `?nextToken=${encodeURIComponent(next)}` : ''}`);
    for (const m of r.metrics) {
      const key = m.namespace + '\u0000' + m.metricName;
      let c = byKey.get(key);
      if (!c) byKey.set(key, (c = { namespace: m.namespace, metricName: m.metricName, unit: m.unit ?? null, dimensionSets: [] }));
      c.dimensionSets.push(m.dimensions ?? []);
      if (!c.unit && m.unit) c.unit = m.unit;
      total++;
    }
    next = r.nextToken ?? null;
  } while (next && ++pages < MAX_PAGES);
  const metrics = new Map<string, CatalogMetric[]>();
  for (const c of byKey.values()) {
    let list = metrics.get(c.namespace);
    if (!list) metrics.set(c.namespace, (list = []));
    list.push(c);
  }
  for (const list of metrics.values()) list.sort((a, b) => a.metricName.localeCompare(b.metricName));
  return { namespaces: [...metrics.keys()].sort(), metrics, total, truncated: !!next };
}

export const dimsText = (d: Dimension[] | undefined) => (d && d.length ? d.map(x => `${x.name}=${x.value}`).join(', ') : '(no dimensions)');
export const dimsKey = (d: Dimension[] | undefined) => JSON.stringify((d ?? []).map(x => [x.name, x.value]).sort());

export const STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p95', 'p99'];
export const PERIODS: { label: string; value: number }[] = [
  { label: '1 s', value: 1 }, { label: '5 s', value: 5 }, { label: '10 s', value: 10 }, { label: '30 s', value: 30 },
  { label: '1 min', value: 60 }, { label: '5 min', value: 300 }, { label: '15 min', value: 900 }, { label: '1 h', value: 3600 },
  { label: '6 h', value: 21600 }, { label: '1 d', value: 86400 },
];
