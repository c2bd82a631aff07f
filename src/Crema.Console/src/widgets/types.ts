// The dashboard body's widget shapes (docs/formats/dashboards.md).
import type { MetricQuery } from '../charts/data';

export type View = 'timeSeries' | 'bar' | 'singleValue' | 'gauge';

export interface MetricProps {
  title?: string;
  view?: View;
  stacked?: boolean;
  stat?: string;
  period?: number;
  metrics: MetricQuery[];
  yAxis?: { left?: { label?: string | null; min?: number | null; max?: number | null } };
  legend?: { position?: 'bottom' | 'right' | 'hidden' };
  annotations?: { horizontal?: { label?: string; value: number; color?: string }[] };
  alarms?: string[];
  sparkline?: boolean;
}

export interface AlarmProps { title?: string; alarms?: string[] | null; alarmNamePrefix?: string | null }
export interface TextProps { markdown: string; title?: string }

export type Widget =
  | { type: 'metric'; x: number; y: number; width: number; height: number; properties: MetricProps }
  | { type: 'alarm'; x: number; y: number; width: number; height: number; properties: AlarmProps }
  | { type: 'text'; x: number; y: number; width: number; height: number; properties: TextProps };

export interface DashboardBody {
  title?: string;
  start?: string;
  end?: string | null;
  timezone?: 'local' | 'UTC';
  refresh?: number;
  widgets: Widget[];
}
