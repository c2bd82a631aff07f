// The console's sections: one entry each (adding Scaling or Advisor later is one more line here).
import type { FunctionComponent } from 'preact';
import { DashboardList } from './pages/DashboardList';
import { DashboardView } from './pages/DashboardView';
import { Explorer } from './pages/Explorer';
import { AlarmsPage } from './pages/AlarmsPage';
import { Placeholder } from './pages/Placeholder';

export interface Section {
  /** The first path segment. */
  id: string;
  label: string;
  /** Renders the section; `rest` is the path after /id/. */
  page: FunctionComponent<{ rest: string[] }>;
}

export const SECTIONS: Section[] = [
  { id: 'dashboards', label: 'Dashboards', page: ({ rest }) => (rest[0] ? <DashboardView key={rest[0]} name={decodeURIComponent(rest[0])} /> : <DashboardList />) },
  { id: 'explorer', label: 'Explorer', page: () => <Explorer /> },
  { id: 'alarms', label: 'Alarms', page: () => <AlarmsPage /> },
  { id: 'people', label: 'People', page: () => <Placeholder title="People" text="Users, roles and access keys will be managed here. Meanwhile use crema users, crema roles and crema keys." /> },
  { id: 'audit', label: 'Audit', page: () => <Placeholder title="Audit" text="The audit trail will be searchable here. Meanwhile use crema audit." /> },
];
