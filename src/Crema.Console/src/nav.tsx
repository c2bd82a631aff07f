// The console's sections: one entry each (adding Scaling or Advisor later is one more line here).
import type { FunctionComponent } from 'preact';
import { DashboardList } from './pages/DashboardList';
import { DashboardView } from './pages/DashboardView';
import { Explorer } from './pages/Explorer';
import { AlarmsPage } from './pages/AlarmsPage';
import { ScalingPage } from './pages/ScalingPage';
import { AdvisorPage } from './pages/advisor/AdvisorPage';
import { MutesPage } from './pages/alarms/MutesPage';
import { TopicsPage } from './pages/alarms/TopicsPage';
import { PeoplePage } from './pages/people/PeoplePage';
import { AuditPage } from './pages/audit/AuditPage';

export interface Section {
  /** The first path segment. */
  id: string;
  label: string;
  /** Renders the section; `rest` is the path after /id/. */
  page: FunctionComponent<{ rest: string[] }>;
  /** Not listed in the navigation; the entry of `under` is shown as the current one instead. */
  under?: string;
}

export const SECTIONS: Section[] = [
  { id: 'dashboards', label: 'Dashboards', page: ({ rest }) => (rest[0] ? <DashboardView key={rest[0]} name={decodeURIComponent(rest[0])} /> : <DashboardList />) },
  { id: 'explorer', label: 'Explorer', page: () => <Explorer /> },
  { id: 'alarms', label: 'Alarms', page: ({ rest }) => <AlarmsPage rest={rest} /> },
  { id: 'mutes', label: 'Mute windows', page: () => <MutesPage />, under: 'alarms' },
  { id: 'topics', label: 'Topics', page: () => <TopicsPage />, under: 'alarms' },
  { id: 'scaling', label: 'Scaling', page: ({ rest }) => <ScalingPage rest={rest} /> },
  { id: 'advisor', label: 'Advisor', page: () => <AdvisorPage /> },
  { id: 'people', label: 'People', page: ({ rest }) => <PeoplePage rest={rest} /> },
  { id: 'audit', label: 'Audit', page: ({ rest }) => <AuditPage rest={rest} /> },
];
