import { useId } from 'react';
import { damascusDay, type AgreementView, type DisputedReading, type StatsFilter } from '@truce-monitor/domain';
import { ChoiceGroup } from '../../components/form';
import { ScreenHeader } from '../../components/screen-header';
import { StatusMessage } from '../../components/status-message';
import { paths } from '../../config/paths';
import { useDailySeries, useStatsSummary } from '../../features/analysis/api/stats-api';
import { BulletinPanel } from '../../features/analysis/components/bulletin-panel';
import { BreakdownChart, CasualtiesChart, ChartPatterns, DailyChart, breakdowns } from '../../features/analysis/components/charts';
import { ExportPanel } from '../../features/analysis/components/export-panel';
import { FilterForm } from '../../features/analysis/components/filter-form';
import { READINGS, analysisSearch, parseAnalysisSearch } from '../../features/analysis/filter';
import { navigate } from '../../lib/router';

/**
 * The analysts' view: the statistics filter the API takes, kept in the
 * address; charts of what it selects; the daily bulletin; the exports of
 * exactly that set. Loaded on first use (recharts is the heaviest dependency).
 */
export default function AnalysisScreen({ agreement, search }: { agreement: AgreementView; search: string }) {
  const state = parseAnalysisSearch(search);
  const { filter, reading, day } = state;
  const go = (next: { filter?: StatsFilter; reading?: DisputedReading; day?: string | null }, replace = false) =>
    navigate(paths.analysis(analysisSearch({ filter: next.filter ?? filter, reading: next.reading ?? reading, day: next.day === undefined ? day : next.day })), { replace });
  const summary = useStatsSummary(agreement.id, filter);
  const daily = useDailySeries(agreement.id, filter);
  const patterns = useId().replace(/[^a-zA-Z0-9-]/g, '');
  const truceDay = damascusDay(agreement.effectiveFrom);
  const problems = Object.entries(state.problems);
  const loading = summary.isFetching || daily.isFetching;

  return (
    <div className="screen screen--scroll analysis-screen">
      <ScreenHeader title="Analysis">
        <span className="screen-header__meta">{agreement.name} · days counted in Damascus time</span>
      </ScreenHeader>
      <ChartPatterns prefix={patterns} />
      {problems.length > 0 && (
        <StatusMessage tone="error">
          The address holds a filter the API refuses ({problems.map(([k, m]) => `${k}: ${m}`).join('; ')}); showing everything instead.
        </StatusMessage>
      )}
      <div className="analysis-layout">
        <aside className="analysis-layout__filter panel" aria-label="Filter">
          {/* Keyed by the address: back, forward and reload show the address's filter in the form. */}
          <FilterForm key={search} agreement={agreement} filter={filter} onApply={(f) => go({ filter: f })} />
        </aside>
        <div className="analysis-layout__results" aria-busy={loading}>
          <section className="panel analysis-summary" aria-labelledby="analysis-summary-title" data-testid="analysis-summary">
            <header className="panel__header">
              <h2 id="analysis-summary-title">What this filter selects</h2>
            </header>
            {summary.isPending ? (
              <StatusMessage>Counting…</StatusMessage>
            ) : summary.isError ? (
              <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void summary.refetch() }}>
                Could not load the statistics. {summary.error.message}
              </StatusMessage>
            ) : (
              <dl className="analysis-summary__figures">
                <div>
                  <dt>Reports</dt>
                  <dd data-testid="summary-reports">{summary.data.reports}</dd>
                </div>
                <div>
                  <dt>Violations</dt>
                  <dd data-testid="summary-violations">{summary.data.violations.withoutDisputed.total}</dd>
                </div>
                <div>
                  <dt>With disputed exclusions</dt>
                  <dd data-testid="summary-violations-with-disputed">{summary.data.violations.withDisputed.total}</dd>
                </div>
                <div>
                  <dt>Period (Damascus days)</dt>
                  <dd>
                    {summary.data.period.from} to {summary.data.period.to} ({summary.data.period.days} days)
                  </dd>
                </div>
                {summary.data.baseline.changePercent !== null && (
                  <div>
                    <dt>Change in acts after the truce</dt>
                    <dd>{summary.data.baseline.changePercent.toFixed(1)} %</dd>
                  </div>
                )}
              </dl>
            )}
            <ChoiceGroup
              legend="Count as violations"
              name="reading"
              options={READINGS}
              value={reading}
              onChange={(r) => go({ reading: r }, true)}
              hint="the tables under each chart give both counts"
            />
          </section>
          {daily.isError ? (
            <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void daily.refetch() }}>
              Could not load the daily series. {daily.error.message}
            </StatusMessage>
          ) : daily.data ? (
            <DailyChart days={daily.data.days} reading={reading} truceDay={truceDay} patterns={patterns} />
          ) : (
            <StatusMessage>Loading the daily series…</StatusMessage>
          )}
          {summary.data && (
            <div className="analysis-charts">
              <BreakdownChart title="Per responsible guarantor" what="guarantor" lines={breakdowns(summary.data).guarantors} reading={reading} testId="chart-guarantors" patterns={patterns} />
              <BreakdownChart title="Per governorate" what="governorate" lines={breakdowns(summary.data).governorates} reading={reading} testId="chart-governorates" patterns={patterns} />
              <BreakdownChart title="Per event type" what="event type" lines={breakdowns(summary.data).eventTypes} reading={reading} testId="chart-event-types" patterns={patterns} />
              <CasualtiesChart summary={summary.data} reading={reading} patterns={patterns} />
            </div>
          )}
          {/* A new filter starts the exports afresh: a result shown is always the current filter's. */}
          <ExportPanel key={JSON.stringify(filter)} agreementId={agreement.id} filter={filter} reports={summary.data && !summary.isPlaceholderData ? summary.data.reports : null} />
          <BulletinPanel
            key={day ?? ''}
            agreementId={agreement.id}
            filter={filter}
            day={day}
            defaultDay={filter.to ?? summary.data?.period.to ?? truceDay}
            onDay={(d) => go({ day: d }, true)}
          />
        </div>
      </div>
    </div>
  );
}
