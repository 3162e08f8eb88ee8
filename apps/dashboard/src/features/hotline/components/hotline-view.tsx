import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AgreementView, AuthUser, HotlineChannelView, HotlineMessageView } from '@truce-monitor/domain';
import { FormAlert } from '../../../components/form';
import { StatusMessage } from '../../../components/status-message';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { useAwaitingMessages } from '../api/get-awaiting';
import { useChannels } from '../api/get-channels';
import { useLoadOlderMessages, useMessages } from '../api/get-messages';
import { useAcknowledgeMessage } from '../api/post-message';
import { correctionsOf } from '../ack-state';
import { AwaitingPanel } from './awaiting-panel';
import { Composer, type ReportChoice } from './composer';
import { MessageItem, type ReportReference } from './message-item';
import { OpenChannelForm } from './open-channel-form';

interface HotlineViewProps {
  agreement: AgreementView;
  user: AuthUser;
  /** The channel the address names; the first one when it names none. */
  channelId: string | null;
  /** Recent reports a message may refer to, newest first. */
  reports: readonly ReportChoice[];
  describeReport: (id: string) => ReportReference;
}

/**
 * The hotline between guarantors: the channel's whole conversation, live;
 * what awaits acknowledgement and for how long; and, for the officers of the
 * channel's guarantors, writing, correcting and acknowledging.
 */
export function HotlineView({ agreement, user, channelId, reports, describeReport }: HotlineViewProps) {
  const channels = useChannels();
  const guarantorName = (code: string | null) => agreement.guarantors.find((g) => g.code === code)?.name ?? code ?? '';

  if (channels.isPending) return <StatusMessage>Loading the hotline channels…</StatusMessage>;
  if (channels.isError) {
    return (
      <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void channels.refetch() }}>
        Could not load the hotline channels. {channels.error.message}
      </StatusMessage>
    );
  }
  const opener = user.role === 'admin' ? <OpenChannelForm agreement={agreement} /> : null;
  if (channels.data.length === 0) {
    const open = agreement.hotlineChannels;
    return (
      <>
      {opener}
      <div className="notice hotline-none" data-testid="hotline-no-channel">
        <p>
          <strong>{user.guarantor ? `${guarantorName(user.guarantor)} (${user.guarantor}) is on no hotline channel.` : 'No hotline channel is open.'}</strong>{' '}
          Officers see only the channels of their own guarantor.
        </p>
        {open.length > 0 && (
          <p>
            Open on this agreement: {open.map((c) => `${c.name} (${c.guarantors.join(' and ')})`).join('; ')}. An administrator can open a channel that
            includes {user.guarantor ?? 'your guarantor'}.
          </p>
        )}
      </div>
      </>
    );
  }
  const channel = channels.data.find((c) => c.id === channelId) ?? channels.data[0]!;
  return (
    <div className="hotline">
      {channels.data.length > 1 && (
        <nav className="state-tabs" aria-label="Hotline channels">
          <ul>
            {channels.data.map((c) => (
              <li key={c.id}>
                <Link to={paths.hotline(c.id)} className="state-tabs__link" aria-current={c.id === channel.id ? 'page' : undefined}>
                  {c.name} <span className="muted">{c.guarantors.join('–')}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Channel key={channel.id} channel={channel} agreement={agreement} user={user} reports={reports} describeReport={describeReport} />
      {opener}
    </div>
  );
}

function Channel({
  channel,
  agreement,
  user,
  reports,
  describeReport,
}: {
  channel: HotlineChannelView;
  agreement: AgreementView;
  user: AuthUser;
  reports: readonly ReportChoice[];
  describeReport: (id: string) => ReportReference;
}) {
  const messages = useMessages(channel.id);
  const awaiting = useAwaitingMessages(channel.id);
  const older = useLoadOlderMessages(channel.id);
  const acknowledge = useAcknowledgeMessage();
  const ackMutate = acknowledge.mutate;
  const [ackError, setAckError] = useState<string[]>([]);
  const [correctRequest, setCorrectRequest] = useState<{ messageId: string; nonce: number } | null>(null);
  const mySide = user.role === 'officer' && user.guarantor && channel.guarantors.includes(user.guarantor) ? user.guarantor : null;
  const otherSide = channel.guarantors.filter((g) => g !== mySide);
  const list = messages.data?.messages;
  const hasOlder = messages.data?.hasOlder ?? false;

  const byId = useMemo(() => new Map((list ?? []).map((m) => [m.id, m])), [list]);
  const corrections = useMemo(() => {
    const ids = correctionsOf(list ?? []);
    return new Map([...ids].map(([id, by]) => [id, by.map((x) => byId.get(x)!).filter(Boolean)]));
  }, [list, byId]);
  const ownMessages = useMemo(() => (list ?? []).filter((m) => m.fromGuarantor === mySide).reverse(), [list, mySide]);

  const onAcknowledge = useCallback(
    (message: HotlineMessageView) => {
      setAckError([]);
      ackMutate(message.id, { onError: (error) => setAckError([`Could not acknowledge: ${error.message}`]) });
    },
    [ackMutate],
  );
  const onCorrect = useCallback((message: HotlineMessageView) => setCorrectRequest({ messageId: message.id, nonce: Date.now() }), []);
  const acknowledgingId = acknowledge.isPending ? (acknowledge.variables ?? null) : null;

  // Keep the newest message in view as messages arrive, unless the reader has scrolled up to read older ones;
  // when older ones are brought in above, keep what the reader was looking at where it was.
  const logRef = useRef<HTMLDivElement>(null);
  const stuckToBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const oldestId = list?.[0]?.id;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (heightBeforeOlder.current !== null) {
      log.scrollTop += log.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (stuckToBottom.current) log.scrollTop = log.scrollHeight;
  }, [list?.length, oldestId]);
  const { loadOlder, loading: loadingOlder, error: olderError } = older;
  const loadOlderKeepingPlace = useCallback(() => {
    if (logRef.current) heightBeforeOlder.current = logRef.current.scrollHeight;
    void loadOlder();
  }, [loadOlder]);
  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const onScroll = () => {
      stuckToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      // Near the top: the page before comes in.
      if (log.scrollTop < 80 && hasOlder && !loadingOlder && !olderError) loadOlderKeepingPlace();
    };
    log.addEventListener('scroll', onScroll, { passive: true });
    return () => log.removeEventListener('scroll', onScroll);
  }, [messages.isSuccess, hasOlder, loadingOlder, olderError, loadOlderKeepingPlace]);

  return (
    <div className="hotline__grid">
      <section className="panel hotline-conversation" aria-labelledby="hotline-channel-title" data-testid="hotline-conversation">
        <header className="panel__header">
          <h2 id="hotline-channel-title">{channel.name}</h2>
          <span className="muted">
            {channel.guarantors.map((g) => agreement.guarantors.find((x) => x.code === g)?.name ?? g).join(' – ')} · times in Damascus (hover for UTC) ·
            nothing is edited or deleted
          </span>
        </header>
        {!mySide && (
          <p className="notice hotline-readonly" data-testid="hotline-read-only">
            {user.role === 'admin'
              ? 'Administrators read every channel. Only the officers of the channel’s guarantors write and acknowledge.'
              : 'You read this channel; only the officers of its guarantors write and acknowledge.'}
          </p>
        )}
        <FormAlert messages={ackError} testId="ack-error" />
        {messages.isPending ? (
          <StatusMessage>Loading the conversation…</StatusMessage>
        ) : messages.isError ? (
          <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void messages.refetch() }}>
            Could not load the conversation. {messages.error.message}
          </StatusMessage>
        ) : (
          <div className="hotline-log" ref={logRef} role="log" aria-label={`${channel.name}, oldest first`} tabIndex={0} data-testid="hotline-log">
            {hasOlder || olderError ? (
              <div className="hotline-log__older">
                {olderError && (
                  <span role="alert" className="field-error">
                    Could not load older messages: {olderError}{' '}
                  </span>
                )}
                <button type="button" className="button button--secondary" onClick={loadOlderKeepingPlace} disabled={loadingOlder} data-testid="hotline-load-older">
                  {loadingOlder ? 'Loading older messages…' : olderError ? 'Try again' : 'Load older messages'}
                </button>
              </div>
            ) : (
              messages.data.messages.length > 0 && (
                <p className="hotline-log__start muted" data-testid="hotline-start">
                  The start of the conversation.
                </p>
              )
            )}
            {messages.data.messages.length === 0 ? (
              <p className="panel__empty muted">No message yet on this channel.</p>
            ) : (
              <ol className="hotline-log__list">
                {messages.data.messages.map((m) => (
                  <MessageItem
                    key={m.id}
                    message={m}
                    guarantors={agreement.guarantors}
                    mySide={mySide}
                    corrected={m.corrects ? byId.get(m.corrects) : undefined}
                    correctedBy={corrections.get(m.id) ?? NONE}
                    describeReport={describeReport}
                    onAcknowledge={onAcknowledge}
                    acknowledging={acknowledgingId === m.id}
                    onCorrect={onCorrect}
                  />
                ))}
              </ol>
            )}
          </div>
        )}
        {mySide && (
          <Composer
            channelId={channel.id}
            mySide={mySide}
            otherSide={otherSide}
            reports={reports}
            ownMessages={ownMessages}
            correctRequest={correctRequest}
          />
        )}
      </section>
      <aside className="hotline__side" aria-label="Awaiting acknowledgement">
        <AwaitingPanel
          awaiting={awaiting}
          guarantors={agreement.guarantors}
          mySide={mySide}
          onAcknowledge={onAcknowledge}
          acknowledgingId={acknowledgingId}
        />
      </aside>
    </div>
  );
}

const NONE: readonly HotlineMessageView[] = [];
