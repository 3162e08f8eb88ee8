import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type IncidentView } from '@truce-monitor/domain';
import { StatusMessage } from '../../../components/status-message';
import { paths } from '../../../config/paths';
import { navigate } from '../../../lib/router';
import { useLiveIncidents, useLoadOlderIncidents } from '../api/get-incidents';
import { useArrivals } from '../hooks/use-arrivals';
import { partyDirectory, type PartyDirectory } from '../labels';
import { FEED_COLUMNS, IncidentRow } from './incident-row';

/** Every row is this tall (CSS says the same), so the virtualiser needs no measuring. */
export const FEED_ROW_HEIGHT = 48;
/** The sticky header row above the first report. */
const HEADER_HEIGHT = 30;
/** Rows rendered beyond the visible ones, each way: enough for a fast scroll to show no blank. */
const OVERSCAN = 4;
/** When this few rows are left below the view, the next older page is fetched. */
const LOAD_OLDER_AHEAD = 30;

/**
 * The agreement's reports, newest first, kept current by the live socket
 * through the query cache. Only the rows in view are in the DOM, so ten
 * thousand held reports scroll as smoothly as ten; scrolling to the end brings
 * older pages in.
 *
 * It is an ARIA grid: one tab stop, arrow keys move between cells (Page
 * Up/Down, Home/End, Ctrl+Home/End too), Enter opens the report. Each row says
 * its place in the whole list (`aria-rowindex` of `aria-rowcount`), so a screen
 * reader knows where it is even though most rows are not rendered.
 */
export function LiveFeed({ agreement, title = 'Reports' }: { agreement: AgreementView; title?: string }) {
  const incidents = useLiveIncidents(agreement.id);
  const older = useLoadOlderIncidents(agreement.id);
  const items = incidents.data?.items;
  const isArrival = useArrivals(items);
  const parties = useMemo(() => partyDirectory(agreement), [agreement]);
  const latestArrival = items?.find((item) => isArrival(item.id));
  const hasOlder = Boolean(incidents.data?.nextCursor);

  return (
    <section className="panel live-feed" aria-labelledby="live-feed-title" data-testid="live-feed">
      <header className="panel__header">
        <h2 id="live-feed-title">{title}</h2>
        <span className="muted" data-testid="feed-count" data-count={items?.length ?? 0}>
          {items ? `${items.length.toLocaleString('en-GB')} held, newest first · ` : ''}times in Damascus (hover for UTC)
        </span>
      </header>
      {/* Read out by screen readers when a report comes in live. */}
      <p className="visually-hidden" aria-live="polite">
        {latestArrival ? `New report: ${describe(latestArrival)}` : ''}
      </p>
      {incidents.isPending ? (
        <StatusMessage>Loading reports…</StatusMessage>
      ) : incidents.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void incidents.refetch() }}>
          Could not load the reports. {incidents.error.message}
        </StatusMessage>
      ) : incidents.data.items.length === 0 ? (
        <StatusMessage>No reports yet. New reports appear here as they are filed.</StatusMessage>
      ) : (
        <FeedGrid
          items={incidents.data.items}
          agreement={agreement}
          parties={parties}
          isArrival={isArrival}
          hasOlder={hasOlder}
          older={older}
        />
      )}
    </section>
  );
}

interface FeedGridProps {
  items: readonly IncidentView[];
  agreement: AgreementView;
  parties: PartyDirectory;
  isArrival: (id: string) => boolean;
  hasOlder: boolean;
  older: ReturnType<typeof useLoadOlderIncidents>;
}

/** Where the keyboard is in the grid: a report (by id, so live arrivals above it do not move it) and a column. */
interface Cursor {
  id: string | null;
  col: number;
}

function FeedGrid({ items, agreement, parties, isArrival, hasOlder, older }: FeedGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [cursor, setCursor] = useState<Cursor>({ id: null, col: 0 });
  const focusPending = useRef(false);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => FEED_ROW_HEIGHT,
    getItemKey: (index) => items[index]!.id,
    overscan: OVERSCAN,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The first paint (and a headless browser) shows a screenful before the scroll element is measured.
    initialRect: { width: 1000, height: 800 },
  });
  const virtualRows = virtualizer.getVirtualItems();

  const indexById = useMemo(() => new Map(items.map((item, index) => [item.id, index])), [items]);
  const activeIndex = cursor.id === null ? 0 : (indexById.get(cursor.id) ?? 0);
  const firstShown = virtualRows[0]?.index ?? 0;
  const lastShown = virtualRows.at(-1)?.index ?? 0;
  // The grid's one tab stop: the active cell if its row is in the DOM, else the first row shown.
  const tabIndex = activeIndex >= firstShown && activeIndex <= lastShown ? activeIndex : firstShown;

  // Near the end of what is held: fetch the next older page.
  const { loadOlder, loading, error } = older;
  useEffect(() => {
    if (hasOlder && !loading && !error && lastShown >= items.length - LOAD_OLDER_AHEAD) void loadOlder();
  }, [hasOlder, loading, error, lastShown, items.length, loadOlder]);

  // After a key moved the cursor, focus its cell as soon as its row is rendered.
  useLayoutEffect(() => {
    if (!focusPending.current || cursor.id === null) return;
    const cell = tableRef.current?.querySelector<HTMLElement>(`tr[data-incident-id="${cursor.id}"] > [data-col="${cursor.col}"]`);
    if (cell) {
      focusPending.current = false;
      cell.focus({ preventScroll: true });
    }
  });

  const moveTo = useCallback(
    (index: number, col: number) => {
      const row = Math.max(0, Math.min(items.length - 1, index));
      const id = items[row]!.id;
      focusPending.current = true;
      setCursor({ id, col: Math.max(0, Math.min(FEED_COLUMNS.length - 1, col)) });
      virtualizer.scrollToIndex(row, { align: 'auto' });
    },
    [items, virtualizer],
  );

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-col]');
    const rowId = cell?.closest('tr')?.getAttribute('data-incident-id');
    if (!cell || !rowId) return;
    const row = indexById.get(rowId) ?? 0;
    const col = Number(cell.dataset['col']);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 480) / FEED_ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number] | undefined> = {
      ArrowDown: [row + 1, col],
      ArrowUp: [row - 1, col],
      ArrowRight: [row, col + 1],
      ArrowLeft: [row, col - 1],
      PageDown: [row + page, col],
      PageUp: [row - page, col],
      Home: event.ctrlKey ? [0, 0] : [row, 0],
      End: event.ctrlKey ? [items.length - 1, FEED_COLUMNS.length - 1] : [row, FEED_COLUMNS.length - 1],
    };
    const target = moves[event.key];
    if (target) {
      event.preventDefault();
      moveTo(target[0], target[1]);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const link = cell.querySelector<HTMLAnchorElement>('a[href]');
      if (link) link.click();
      else navigate(paths.report(rowId));
    }
  }

  // A click or a programmatic focus on a cell makes it the cursor.
  function onFocus(event: FocusEvent<HTMLTableElement>) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-col]');
    const rowId = cell?.closest('tr')?.getAttribute('data-incident-id');
    if (!cell || !rowId) return;
    const col = Number(cell.dataset['col']);
    if (rowId !== cursor.id || col !== cursor.col) setCursor({ id: rowId, col });
  }

  const top = virtualRows.length ? virtualRows[0]!.start - HEADER_HEIGHT : 0;
  const bottom = virtualRows.length ? virtualizer.getTotalSize() - virtualRows.at(-1)!.end : 0;

  return (
    <>
      <div className="table-scroll feed-scroll" ref={scrollRef} data-testid="feed-scroll">
        <table
          ref={tableRef}
          className="feed-table feed-table--virtual"
          role="grid"
          aria-labelledby="live-feed-title"
          aria-describedby="live-feed-keys"
          aria-rowcount={items.length + 1}
          aria-colcount={FEED_COLUMNS.length}
          aria-readonly="true"
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          data-testid="feed-grid"
        >
          <colgroup>
            {FEED_COLUMNS.map((c) => (
              <col key={c.key} className={`feed-col feed-col--${c.key}`} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {FEED_COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {top > 0 && (
              <tr className="feed-spacer" aria-hidden="true">
                <td colSpan={FEED_COLUMNS.length} style={{ height: top }} />
              </tr>
            )}
            {virtualRows.map((v) => {
              const incident = items[v.index]!;
              return (
                <IncidentRow
                  key={incident.id}
                  incident={incident}
                  parties={parties}
                  guarantors={agreement.guarantors}
                  arrived={isArrival(incident.id)}
                  rowIndex={v.index + 2}
                  tabCol={v.index === tabIndex ? (v.index === activeIndex ? cursor.col : 0) : null}
                />
              );
            })}
            {bottom > 0 && (
              <tr className="feed-spacer" aria-hidden="true">
                <td colSpan={FEED_COLUMNS.length} style={{ height: bottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <footer className="feed-footer">
        <p id="live-feed-keys" className="muted">
          Arrow keys move between cells, Enter opens the report.
        </p>
        {error ? (
          <p role="alert" className="field-error">
            Could not load older reports: {error}{' '}
            <button type="button" className="link-button" onClick={() => void loadOlder()}>
              Try again
            </button>
          </p>
        ) : hasOlder ? (
          <button type="button" className="button button--secondary" onClick={() => void loadOlder()} disabled={loading} data-testid="load-older">
            {loading ? 'Loading older reports…' : 'Load older reports'}
          </button>
        ) : (
          <span className="muted">That is every report of the agreement.</span>
        )}
      </footer>
    </>
  );
}

function describe(incident: IncidentView): string {
  return `${EVENT_TYPE_LABELS[incident.eventType]} in ${governorateName(incident.governorate)}`;
}
