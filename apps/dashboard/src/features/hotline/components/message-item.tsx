import { memo } from 'react';
import type { AgreementView, GuarantorCode, HotlineMessageView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { Link } from '../../../lib/router';
import { formatDamascusTime } from '../../../lib/time';
import { excerpt } from '../ack-state';
import { AckStatus } from './ack-status';

/** How the hotline names a report it refers to; given by the screen, which knows the reports. */
export interface ReportReference {
  label: string;
  href: string;
}

interface MessageItemProps {
  message: HotlineMessageView;
  guarantors: AgreementView['guarantors'];
  /** The viewer's guarantor when it writes on this channel; null for those who only read. */
  mySide: GuarantorCode | null;
  /** The message this one corrects, if it is in the conversation. */
  corrected: HotlineMessageView | undefined;
  /** Later messages that correct this one. */
  correctedBy: readonly HotlineMessageView[];
  describeReport: (id: string) => ReportReference;
  onAcknowledge: (message: HotlineMessageView) => void;
  acknowledging: boolean;
  onCorrect: (message: HotlineMessageView) => void;
}

/** One message of the conversation: who, when, what, what it refers to and corrects, and its acknowledgement. */
export const MessageItem = memo(function MessageItem({
  message,
  guarantors,
  mySide,
  corrected,
  correctedBy,
  describeReport,
  onAcknowledge,
  acknowledging,
  onCorrect,
}: MessageItemProps) {
  const own = mySide !== null && message.fromGuarantor === mySide;
  const canAcknowledge = mySide !== null && message.awaiting.includes(mySide);
  const from = guarantors.find((g) => g.code === message.fromGuarantor)?.name ?? message.fromGuarantor;
  const classes = ['hotline-msg', own ? 'hotline-msg--own' : 'hotline-msg--other', canAcknowledge ? 'hotline-msg--asks-me' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <li
      id={`message-${message.id}`}
      className={classes}
      data-testid="hotline-message"
      data-message-id={message.id}
      data-from={message.fromGuarantor}
      tabIndex={-1}
    >
      <header className="hotline-msg__header">
        <span className="guarantor-code">{message.fromGuarantor}</span>
        <span className="hotline-msg__from">
          {from}
          {own && <span className="muted"> (your side)</span>}
        </span>
        <DamascusTime iso={message.sentAt} className="hotline-msg__time" />
      </header>
      {message.corrects && (
        <p className="hotline-msg__note" data-testid="corrects">
          <span aria-hidden="true">↺ </span>Correction of{' '}
          {corrected ? (
            <a href={`#message-${corrected.id}`}>
              the message of {formatDamascusTime(corrected.sentAt)}: “{excerpt(corrected.body, 60)}”
            </a>
          ) : (
            'an earlier message'
          )}
        </p>
      )}
      <p className="hotline-msg__body prewrap" data-testid="message-body">
        {message.body}
      </p>
      {correctedBy.length > 0 && (
        <p className="hotline-msg__note hotline-msg__note--corrected" data-testid="corrected-by">
          <span aria-hidden="true">⚠ </span>Corrected later:{' '}
          {correctedBy.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ', '}
              <a href={`#message-${c.id}`}>message of {formatDamascusTime(c.sentAt)}</a>
            </span>
          ))}
        </p>
      )}
      {message.refersTo.length > 0 && (
        <div className="hotline-msg__refs">
          <span className="muted">Refers to </span>
          <ul className="inline-list">
            {message.refersTo.map((id) => {
              const report = describeReport(id);
              return (
                <li key={id}>
                  <Link to={report.href} data-testid="referred-report" data-incident-id={id}>
                    {report.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <footer className="hotline-msg__footer">
        <AckStatus message={message} />
        {canAcknowledge && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => onAcknowledge(message)}
            disabled={acknowledging}
            data-testid="acknowledge"
          >
            {acknowledging ? 'Acknowledging…' : `Acknowledge for ${mySide}`}
          </button>
        )}
        {own && (
          <button type="button" className="link-button" onClick={() => onCorrect(message)} data-testid="correct-message">
            Correct this message
          </button>
        )}
      </footer>
    </li>
  );
});
