// Alarms: the states of every alarm (the full alarms pages come in the next round).
import { useEffect, useState } from 'preact/hooks';
import { fetchAlarms, StateBadge } from '../widgets/AlarmWidget';
import { onAlarm } from '../live';
import { Empty, ErrorBox, Loading } from '../components/common';
import { formatTime, timeRange } from '../time';
import { useStore } from '../store';

export function AlarmsPage() {
  const range = useStore(timeRange);
  const [alarms, setAlarms] = useState<any[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  useEffect(() => {
    fetchAlarms().then(a => { setAlarms(a); setError(null); }).catch(e => setError(e.message));
  }, [bump]);
  useEffect(() => onAlarm(() => setBump(b => b + 1)), []);
  return (
    <div class="page">
      <h1>Alarms</h1>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!alarms && !error && <Loading />}
      {alarms && alarms.length === 0 && <Empty>No alarms yet. Create one with <code>crema alarms put</code>.</Empty>}
      {alarms && alarms.length > 0 && (
        <table class="table" data-testid="alarms-table">
          <thead><tr><th scope="col">State</th><th scope="col">Name</th><th scope="col">Since</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            {alarms.map(a => (
              <tr key={a.alarmName}>
                <td><StateBadge state={a.stateValue} /></td>
                <td>{a.alarmName}</td>
                <td class="nowrap">{formatTime(Date.parse(a.stateUpdatedTimestamp), range.timezone)}</td>
                <td class="reason">{a.stateReason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
