// One pillar as a card: how many of its checks are red, yellow and green, and its possible monthly saving.
import { moneyText, pillarLabel, type AdvisorPillarSummary } from '../../advisorApi';

export function PillarCard({ summary: s, currency, selected, onSelect }: { summary: AdvisorPillarSummary; currency: string | null; selected: boolean; onSelect: () => void }) {
  const label = pillarLabel(s.pillar);
  return (
    <button type="button" class="card adv-pillar" data-testid="advisor-pillar" data-pillar={s.pillar} aria-pressed={selected}
      aria-label={`${label}: ${s.red} red, ${s.yellow} yellow, ${s.green} green${s.notAvailable ? `, ${s.notAvailable} not available` : ''}${s.monthlySaving > 0 ? `, possible saving ${moneyText(s.monthlySaving, currency)} a month` : ''}`}>
      <h2>{label}</h2>
      <div class="adv-counts" aria-hidden="true">
        <span class="adv-count" data-testid="pillar-red" title="Action needed"><span class="adv-dot red" /><strong>{s.red}</strong> red</span>
        <span class="adv-count" data-testid="pillar-yellow" title="Investigate"><span class="adv-dot yellow" /><strong>{s.yellow}</strong> yellow</span>
        <span class="adv-count" data-testid="pillar-green" title="OK"><span class="adv-dot green" /><strong>{s.green}</strong> green</span>
        {s.notAvailable > 0 && <span class="adv-count" title="Not available"><span class="adv-dot" /><strong>{s.notAvailable}</strong> n/a</span>}
      </div>
      {(s.pillar === 'CostOptimization' || s.monthlySaving > 0) && (
        <span class="adv-saving" aria-hidden="true">{s.monthlySaving > 0
          ? <>Possible saving <strong data-testid="pillar-saving">{moneyText(s.monthlySaving, currency)}</strong> / month</>
          : <span data-testid="pillar-saving">No saving found</span>}</span>
      )}
    </button>
  );
}
