// A check's or item's status as a coloured badge with its meaning in words (colour is never the only cue).
import { statusText, type AdvisorStatus } from '../../advisorApi';

export function StatusBadge({ status }: { status: AdvisorStatus | null | undefined }) {
  const cls = status === 'Red' ? 'red' : status === 'Yellow' ? 'yellow' : status === 'Green' ? 'green' : '';
  return (
    <span class={`adv-badge ${cls}`} data-testid="advisor-status">
      <span class={`adv-dot ${cls}`} aria-hidden="true" />
      {statusText(status)}
    </span>
  );
}
