// The dashboards API (docs/formats/dashboards.md).
import { del, enc, get, post, put } from './api';
import type { DashboardBody } from './widgets/types';

export interface DashboardSummary { name: string; title?: string; widgetCount: number; updatedAt?: string; updatedBy?: string; size?: number }

export const NAME_RULE = /^[A-Za-z0-9_-]{1,255}$/;
export const NAME_HELP = '1–255 letters, digits, - or _';

export const listDashboards = () => get<{ dashboards: DashboardSummary[] }>('/api/v1/dashboards').then(r => r.dashboards ?? []);
export const getDashboard = (name: string) => get<{ name: string; body: DashboardBody }>(`/api/v1/dashboards/${enc(name)}`);
export const putDashboard = (name: string, body: DashboardBody | unknown) => put(`/api/v1/dashboards/${enc(name)}`, body);
export const renameDashboard = (name: string, newName: string) => post(`/api/v1/dashboards/${enc(name)}/rename`, { newName });
export const duplicateDashboard = (name: string, newName: string) => post(`/api/v1/dashboards/${enc(name)}/duplicate`, { newName });
export const deleteDashboard = (name: string) => del(`/api/v1/dashboards/${enc(name)}`);

export function newBody(title: string): DashboardBody {
  return { title, start: '-PT3H', end: null, timezone: 'local', refresh: 0, widgets: [] };
}

/** The body of a dashboard body, whether it is a bare body or `{name, body}` as GET returns. */
export function bodyOf(json: any): { name?: string; body: DashboardBody } {
  if (json && typeof json === 'object' && json.body && typeof json.body === 'object' && Array.isArray(json.body.widgets)) return { name: json.name, body: json.body };
  return { body: json };
}
