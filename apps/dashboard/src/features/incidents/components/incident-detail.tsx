import type { ReactNode } from 'react';
import {
  CASUALTY_FIELDS,
  EVENT_TYPE_LABELS,
  GOVERNORATES,
  signatoryStatusAt,
  type AgreementView,
  type IncidentView,
  type PartyView,
} from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { formatDuration } from '../../../lib/time';
import { latestConfirmations } from '../deadline';
import {
  BLOC_LABELS,
  CASUALTY_LABELS,
  CONFIRMATION_LABELS,
  GEO_PRECISION_LABELS,
  RESPONSE_LABELS,
  SIGNATORY_LABELS,
  SOURCE_KIND_LABELS,
  TIME_PRECISION_LABELS,
  VERIFICATION_LABELS,
  partyDirectory,
  shortId,
} from '../labels';
import { DeadlineCountdown } from './deadline-countdown';
import { OutcomeBadge } from './outcome-badge';
import { VerificationBadge } from './verification-badge';

interface IncidentDetailProps {
  incident: IncidentView;
  agreement: AgreementView;
}

/** Every fact of one report, what the rules made of it, and everything that happened to it since. */
export function IncidentDetail({ incident, agreement }: IncidentDetailProps) {
  const parties = partyDirectory(agreement);
  const party = (id: string) => agreement.parties.find((p) => p.id === id);
  const governorate = GOVERNORATES.find((g) => g.code === incident.governorate);
  const guarantor = agreement.guarantors.find((g) => g.code === incident.responsibleGuarantor);

  return (
    <div className="incident-detail" data-testid="incident-detail" data-incident-id={incident.id}>
      <Section title="Classification" testId="detail-classification">
        <p className="detail-lead">
          <OutcomeBadge outcome={incident.classification.outcome} reasons={[]} />{' '}
          <span className="muted">by the agreement's rules, as the registry stood when it happened</span>
        </p>
        {incident.classification.reasons.length > 0 && (
          <ul className="reasons">
            {incident.classification.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Routing" testId="detail-routing">
        <dl className="facts">
          <Fact label="Responsible guarantor">
            {guarantor ? (
              <span data-testid="responsible-guarantor" data-guarantor={guarantor.code}>
                <span className="guarantor-code">{guarantor.code}</span> {guarantor.name}{' '}
                <span className="muted">— answers for: {guarantor.answersFor}</span>
              </span>
            ) : (
              <span className="muted" data-testid="responsible-guarantor">
                None: no guarantor answers for this perpetrator
              </span>
            )}
          </Fact>
          {incident.acknowledgeBy && (
            <Fact label="Deadline">
              <DeadlineCountdown incident={incident} />
            </Fact>
          )}
          {incident.acknowledgedAt && (
            <Fact label="First answered">
              <DamascusTime iso={incident.acknowledgedAt} />
            </Fact>
          )}
        </dl>
      </Section>

      <Section title="Answers" count={incident.responses.length} testId="detail-answers">
        {incident.responses.length === 0 ? (
          <p className="muted">
            {incident.responsibleGuarantor ? `No answer from ${incident.responsibleGuarantor} yet.` : 'Not routed: nobody answers.'}
          </p>
        ) : (
          <table className="detail-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Guarantor</th>
                <th scope="col">Answer</th>
                <th scope="col">Reasons</th>
              </tr>
            </thead>
            <tbody>
              {incident.responses.map((r) => (
                <tr key={`${r.at}-${r.response}`} data-testid="answer-row">
                  <td className="cell-time">
                    <DamascusTime iso={r.at} />
                  </td>
                  <td>
                    <span className="guarantor-code">{r.guarantor}</span>
                  </td>
                  <td>
                    <span className={`answer answer--${r.response}`}>{RESPONSE_LABELS[r.response]}</span>
                  </td>
                  <td>{r.reasons ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Cross-confirmations" count={incident.confirmations.length} testId="detail-confirmations">
        {incident.responsibleGuarantor === null ? (
          <p className="muted">Not routed: nothing to cross-confirm.</p>
        ) : (
          <>
            <ul className="confirmation-summary">
              {agreement.guarantors
                .filter((g) => g.code !== incident.responsibleGuarantor)
                .map((g) => {
                  const latest = latestConfirmations(incident).find((c) => c.guarantor === g.code);
                  return (
                    <li key={g.code} data-testid="confirmation-summary" data-guarantor={g.code}>
                      <span className="guarantor-code">{g.code}</span> {g.name}:{' '}
                      {latest ? (
                        <>
                          <span className={`answer answer--${latest.confirmation}`}>{CONFIRMATION_LABELS[latest.confirmation]}</span>{' '}
                          <span className="muted">
                            (<DamascusTime iso={latest.at} />)
                          </span>
                        </>
                      ) : (
                        <span className="muted">not yet</span>
                      )}
                    </li>
                  );
                })}
            </ul>
            {incident.confirmations.length > 0 && (
              <table className="detail-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Guarantor</th>
                    <th scope="col">Position</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {incident.confirmations.map((c) => (
                    <tr key={`${c.at}-${c.guarantor}`}>
                      <td className="cell-time">
                        <DamascusTime iso={c.at} />
                      </td>
                      <td>
                        <span className="guarantor-code">{c.guarantor}</span>
                      </td>
                      <td>{CONFIRMATION_LABELS[c.confirmation]}</td>
                      <td>{c.note ?? <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Section>

      <Section title="When" testId="detail-when">
        <dl className="facts">
          <Fact label="Occurred">
            <DamascusTime iso={incident.occurredAt} /> Damascus{' '}
            <span className="muted">({TIME_PRECISION_LABELS[incident.timePrecision] ?? `precision ${incident.timePrecision}`})</span>
          </Fact>
          <Fact label="Against the truce">
            <TruceRelation occurredAt={incident.occurredAt} agreement={agreement} />
          </Fact>
          <Fact label="Reported">
            <DamascusTime iso={incident.reportedAt} />
          </Fact>
        </dl>
      </Section>

      <Section title="Where" testId="detail-where">
        <dl className="facts">
          <Fact label="Place">{incident.placeName ?? <span className="muted">not named</span>}</Fact>
          <Fact label="Governorate">
            {governorate ? (
              <>
                {governorate.name} <span lang="ar">{governorate.nameAr}</span> <span className="muted">{governorate.code}</span>
              </>
            ) : (
              incident.governorate
            )}
          </Fact>
          <Fact label="Point">
            <span className="mono">
              {incident.location.lat.toFixed(4)}, {incident.location.lon.toFixed(4)}
            </span>{' '}
            <span className="muted">({GEO_PRECISION_LABELS[incident.geoPrecision] ?? `precision ${incident.geoPrecision}`})</span>{' '}
            <Link to={paths.map(incident.id)}>Show on the map</Link>
          </Fact>
        </dl>
      </Section>

      <Section title="What" testId="detail-what">
        <dl className="facts">
          <Fact label="Event">{EVENT_TYPE_LABELS[incident.eventType] ?? incident.eventType}</Fact>
          <Fact label="Description">
            <span className="prewrap">{incident.description}</span>
          </Fact>
          {incident.obstruction && (
            <Fact label="Obstruction">
              {incident.obstruction.kind === 'denial' ? 'Access denied' : 'Access delayed'}
              {incident.obstruction.delayMinutes !== undefined && ` for ${formatDuration(incident.obstruction.delayMinutes * 60_000)}`}
              {incident.obstruction.reasonGiven && <> · reason given: “{incident.obstruction.reasonGiven}”</>}
            </Fact>
          )}
        </dl>
      </Section>

      <Section title="Who" testId="detail-who">
        <dl className="facts">
          <Fact label="Perpetrator">
            {incident.perpetratorPartyId === null ? (
              <span className="muted">Unknown</span>
            ) : (
              <PartyFact party={party(incident.perpetratorPartyId)} fallback={parties.name(incident.perpetratorPartyId)} at={incident.occurredAt} />
            )}
          </Fact>
          <Fact label="Target">
            {'civilians' in incident.target ? (
              'Civilians'
            ) : (
              <>
                <PartyFact party={party(incident.target.partyId)} fallback={parties.name(incident.target.partyId)} at={incident.occurredAt} />
                {parties.exclusion(incident.target.partyId) === 'agreed' && <span className="tag">excluded</span>}
                {parties.exclusion(incident.target.partyId) === 'disputed' && (
                  <span className="tag tag--disputed">exclusion disputed</span>
                )}
              </>
            )}
          </Fact>
        </dl>
      </Section>

      <Section title="Harm" testId="detail-harm">
        <table className="detail-table detail-table--numbers">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Low</th>
              <th scope="col">Best</th>
              <th scope="col">High</th>
            </tr>
          </thead>
          <tbody>
            {CASUALTY_FIELDS.map((field) => {
              const r = incident.casualties[field];
              return (
                <tr key={field} className={r.high === 0 ? 'muted' : undefined}>
                  <th scope="row">{CASUALTY_LABELS[field]}</th>
                  <td>{r.low}</td>
                  <td>
                    <strong>{r.best}</strong>
                  </td>
                  <td>{r.high}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>

      <Section title="Sources" count={incident.sources.length} testId="detail-sources">
        <ol className="sources">
          {incident.sources.map((s, index) => (
            <li key={index}>
              <strong>{SOURCE_KIND_LABELS[s.kind] ?? s.kind}</strong>
              {s.note && <> — {s.note}</>}
              {s.url && (
                <>
                  {' '}
                  <a href={s.url} target="_blank" rel="noopener noreferrer nofollow">
                    {s.url}
                  </a>
                </>
              )}
              {(s.fileName || s.sha256) && (
                <div className="muted">
                  {s.fileName && <>file {s.fileName} </>}
                  {s.sha256 && (
                    <>
                      SHA-256 <span className="mono break">{s.sha256}</span>
                    </>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      </Section>

      <Section title="Verification history" count={incident.reviewHistory.length} testId="detail-history">
        <p>
          Now: <VerificationBadge state={incident.verification} />
          {incident.duplicateOf && (
            <>
              {' '}
              of <Link to={paths.report(incident.duplicateOf)}>report {shortId(incident.duplicateOf)}</Link>
            </>
          )}
        </p>
        {incident.reviewHistory.length === 0 ? (
          <p className="muted">No reviewer has moved it yet.</p>
        ) : (
          <table className="detail-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {incident.reviewHistory.map((h) => (
                <tr key={`${h.at}-${h.to}`} data-testid="history-row">
                  <td className="cell-time">
                    <DamascusTime iso={h.at} />
                  </td>
                  <td>{VERIFICATION_LABELS[h.from]}</td>
                  <td>
                    {VERIFICATION_LABELS[h.to]}
                    {h.duplicateOf && (
                      <>
                        {' of '}
                        <Link to={paths.report(h.duplicateOf)}>{shortId(h.duplicateOf)}</Link>
                      </>
                    )}
                  </td>
                  <td>{h.note ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      {incident.filedBy && (
        <Section title="Filed by" testId="detail-filer">
          <p>
            <strong data-testid="filed-by">{incident.filedBy.username}</strong>{' '}
            <span className="muted">— shown to reviewers, administrators and the filer only; never to guarantors or analysts.</span>
          </p>
        </Section>
      )}
    </div>
  );
}

function Section({ title, count, testId, children }: { title: string; count?: number; testId: string; children: ReactNode }) {
  const id = `section-${testId}`;
  return (
    <section className="detail-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>
        {title}
        {count !== undefined && <span className="count"> {count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PartyFact({ party, fallback, at }: { party: PartyView | undefined; fallback: string; at: string }) {
  if (!party) return <>{fallback}</>;
  const status = signatoryStatusAt(party, at);
  return (
    <>
      {party.name}{' '}
      <span className="muted">
        ({BLOC_LABELS[party.bloc]}
        {party.guarantor ? `, guaranteed by ${party.guarantor}` : ', no guarantor'}, {SIGNATORY_LABELS[status]} at the time)
      </span>
    </>
  );
}

function TruceRelation({ occurredAt, agreement }: { occurredAt: string; agreement: AgreementView }) {
  const t = Date.parse(occurredAt);
  const from = Date.parse(agreement.effectiveFrom);
  const until = agreement.effectiveUntil ? Date.parse(agreement.effectiveUntil) : null;
  if (t < from)
    return (
      <span data-testid="truce-relation">
        {formatDuration(from - t)} <strong>before</strong> the truce took effect (<DamascusTime iso={agreement.effectiveFrom} />)
      </span>
    );
  if (until !== null && t >= until)
    return (
      <span data-testid="truce-relation">
        {formatDuration(t - until)} <strong>after</strong> the truce ended
      </span>
    );
  return (
    <span data-testid="truce-relation">
      {formatDuration(t - from)} after the truce took effect (<DamascusTime iso={agreement.effectiveFrom} />)
    </span>
  );
}
