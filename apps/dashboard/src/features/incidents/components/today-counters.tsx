import { useMemo } from 'react';
import type { AgreementView, GuarantorCode } from '@truce-monitor/domain';
import { useNow } from '../../../lib/clock';
import { damascusDay, damascusLocalToIso } from '../../../lib/time';
import { LIVE_WINDOW, useLiveIncidents } from '../api/get-incidents';
import { isAwaitingAnswer, isOverdue } from '../deadline';

/** Today's figures (the Damascus calendar day), from the reports held; said to be partial when they may be. */
export function TodayCounters({ agreement, guarantor }: { agreement: AgreementView; guarantor: GuarantorCode | null }) {
  const incidents = useLiveIncidents(agreement.id);
  const now = useNow();
  const items = incidents.data?.items;
  // What does not change with the clock is worked out once per change of the list, not every second.
  const awaiting = useMemo(() => (items ?? []).filter(isAwaitingAnswer), [items]);
  const today = damascusDay(now);
  const filedToday = useMemo(() => {
    const start = Date.parse(damascusLocalToIso(`${today}T00:00`) ?? '');
    const end = start + 86_400_000 + 3_600_000; // a day, and an hour to spare for a clock change; the day check below is exact
    return (items ?? []).filter((i) => {
      const at = Date.parse(i.reportedAt);
      return at >= start && at < end && damascusDay(at) === today;
    });
  }, [items, today]);
  if (!items) return null;
  const violationsToday = filedToday.filter((i) => i.classification.outcome === 'violation');
  const byGuarantor = agreement.guarantors.map((g) => ({
    code: g.code,
    count: violationsToday.filter((i) => i.responsibleGuarantor === g.code).length,
  }));
  const overdue = awaiting.filter((i) => isOverdue(i, now));
  const awaitingMine = guarantor ? awaiting.filter((i) => i.responsibleGuarantor === guarantor).length : null;
  const partial = items.length >= LIVE_WINDOW;

  return (
    <div className="counters-wrap">
      <dl className="counters" aria-label={`Today, ${today} Damascus`} data-testid="today-counters">
        <div className="counter">
          <dt>Filed today</dt>
          <dd>{filedToday.length}</dd>
        </div>
        <div className="counter">
          <dt>Violations today</dt>
          <dd data-testid="violations-today">{violationsToday.length}</dd>
        </div>
        <div className="counter counter--split">
          <dt>by guarantor</dt>
          <dd>
            {byGuarantor.map((g) => (
              <span key={g.code} className="counter__part">
                <abbr className="guarantor-code" title={agreement.guarantors.find((x) => x.code === g.code)?.name}>
                  {g.code}
                </abbr>{' '}
                {g.count}
              </span>
            ))}
          </dd>
        </div>
        <div className={overdue.length > 0 ? 'counter counter--alert' : 'counter'}>
          <dt>Overdue</dt>
          <dd data-testid="overdue-total">{overdue.length}</dd>
        </div>
        {awaitingMine !== null && (
          <div className="counter">
            <dt>Awaiting {guarantor}</dt>
            <dd>{awaitingMine}</dd>
          </div>
        )}
      </dl>
      {partial && <p className="muted counters__note">from the newest {LIVE_WINDOW} reports</p>}
    </div>
  );
}
