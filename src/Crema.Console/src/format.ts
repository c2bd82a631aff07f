// Numbers and units as people read them.
const SHORT: Record<string, string> = {
  Seconds: 's', Microseconds: 'µs', Milliseconds: 'ms', Percent: '%', Bytes: 'B', Kilobytes: 'kB', Megabytes: 'MB',
  Gigabytes: 'GB', Terabytes: 'TB', Bits: 'bit', 'Bytes/Second': 'B/s', 'Count/Second': '/s', Count: '', None: '',
};

export function unitSuffix(unit: string | null | undefined): string {
  if (!unit) return '';
  return unit in SHORT ? SHORT[unit] : unit;
}

export function formatNumber(v: number | null | undefined, unit?: string | null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  let s: string;
  if (a >= 1e9) s = (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G';
  else if (a >= 1e6) s = (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  else if (a >= 1e4) s = (v / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
  else if (a >= 100 || Number.isInteger(v)) s = v.toFixed(0);
  else if (a >= 1) s = v.toFixed(2).replace(/\.?0+$/, '');
  else if (a === 0) s = '0';
  else s = v.toPrecision(3).replace(/\.?0+$/, '');
  const u = unitSuffix(unit);
  return u ? (u === '%' ? s + u : `${s} ${u}`) : s;
}
