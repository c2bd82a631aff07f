// A scaling activity's status as a tag: Successful green, Failed red, InProgress and Skipped amber.
export function ActivityStatus({ status }: { status: string }) {
  const cls = status === 'Successful' ? 'tag ok-tag' : status === 'Failed' ? 'tag status-ended' : 'tag muted-tag';
  const text = status === 'InProgress' ? 'in progress' : status.toLowerCase();
  return <span class={cls} data-status={status} data-testid="activity-status">{text}</span>;
}
