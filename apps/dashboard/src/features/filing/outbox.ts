import type { FieldProblem, IncidentData, IncidentView, Outcome, GuarantorCode } from '@truce-monitor/domain';
import { ApiError, apiExchange } from '../../lib/api-client';
import { openDatabase, requestResult, transactionDone } from '../../lib/idb';
import type { FilingFormValues } from './filing-values';

/**
 * The offline queue of filed reports. A report is written to IndexedDB, with
 * the Idempotency-Key it will carry, before the first attempt to send it; it
 * is sent again with that same key until the server answers, so however many
 * times the network drops (before the request, or after the server stored it
 * but before the answer arrived) the server stores it once. A Web Lock makes
 * the tabs of one browser take turns, so two tabs never send the same report at once.
 */

export type OutboxStatus = 'waiting' | 'accepted' | 'refused';

export interface OutboxEntry {
  /** The Idempotency-Key: a UUID made on this device when the report was filed. */
  key: string;
  userId: string;
  body: IncidentData;
  /** What was typed, so that a refused report can be opened in the form again. */
  form: FilingFormValues;
  summary: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  lastAttemptAt: string | null;
  /** Why the last attempt did not get an answer. */
  lastError: string | null;
  /** Not before this (epoch ms): backing off from a server in trouble. */
  nextAttemptAt: number;
  accepted: {
    id: string;
    acceptedAt: string;
    outcome: Outcome;
    responsibleGuarantor: GuarantorCode | null;
    /** The server had it already: an earlier attempt got through but its answer was lost. */
    replayed: boolean;
  } | null;
  refused: { statusCode: number; message: string; details: FieldProblem[] } | null;
}

const DB_NAME = 'truce-monitor';
const STORE = 'outbox';
/** Accepted reports are listed this long, then dropped from the device (the server keeps keys as long). */
const KEEP_ACCEPTED_MS = 7 * 24 * 3600 * 1000;
const MAX_BACKOFF_MS = 60_000;

let dbPromise: Promise<IDBDatabase> | null = null;
function db(): Promise<IDBDatabase> {
  dbPromise ??= openDatabase(DB_NAME, 1, (database) => {
    const store = database.createObjectStore(STORE, { keyPath: 'key' });
    store.createIndex('userId', 'userId');
  }).then(
    (database) => {
      // Closed for another tab's upgrade: open again on next use.
      database.addEventListener('versionchange', () => (dbPromise = null));
      return database;
    },
    (error: unknown) => {
      dbPromise = null;
      throw error;
    },
  );
  return dbPromise;
}

async function readAll(userId: string): Promise<OutboxEntry[]> {
  const tx = (await db()).transaction(STORE, 'readonly');
  const entries = await requestResult(tx.objectStore(STORE).index('userId').getAll(userId) as IDBRequest<OutboxEntry[]>);
  return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function read(key: string): Promise<OutboxEntry | undefined> {
  const tx = (await db()).transaction(STORE, 'readonly');
  return requestResult(tx.objectStore(STORE).get(key) as IDBRequest<OutboxEntry | undefined>);
}

async function write(entry: OutboxEntry): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite');
  tx.objectStore(STORE).put(entry);
  await transactionDone(tx);
}

async function remove(key: string): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite');
  tx.objectStore(STORE).delete(key);
  await transactionDone(tx);
}

export type SendOutcome = 'accepted' | 'waiting' | 'refused';

export interface Outbox {
  /** The current user's entries, oldest first. */
  getEntries(): readonly OutboxEntry[];
  /** False until the entries have been read from the device. */
  isLoaded(): boolean;
  subscribe(listener: () => void): () => void;
  /** Keeps a report on the device; nothing is sent yet. */
  add(input: { body: IncidentData; form: FilingFormValues; summary: string }): Promise<OutboxEntry>;
  /** Sends what is due, one at a time, oldest first; resolves with what became of `key`, if given. */
  flush(options?: { force?: boolean }): Promise<void>;
  /** Sends one report now (if online) and says what became of it. */
  sendNow(key: string): Promise<SendOutcome>;
  discard(key: string): Promise<void>;
  /** Loads the entries again (another tab changed them). */
  reload(): Promise<void>;
}

/**
 * The queue of one user on this device. `onAccepted` hears of every report
 * the server stored (e.g. to put it in the query cache at once).
 */
export function createOutbox(userId: string, onAccepted: (incident: IncidentView) => void): Outbox {
  let entries: OutboxEntry[] = [];
  let loaded = false;
  const listeners = new Set<() => void>();
  // Other tabs of this user say when they changed the queue; listened to while something on screen shows it.
  const channelName = `${DB_NAME}:${STORE}:${userId}`;
  let channel: BroadcastChannel | null = null;
  let running: Promise<void> | null = null;

  const publish = () => {
    for (const l of listeners) l();
  };
  const reload = async () => {
    const all = await readAll(userId);
    const cutoff = Date.now() - KEEP_ACCEPTED_MS;
    for (const old of all.filter((e) => e.status === 'accepted' && Date.parse(e.accepted?.acceptedAt ?? e.createdAt) < cutoff)) {
      await remove(old.key);
    }
    entries = all.filter((e) => !(e.status === 'accepted' && Date.parse(e.accepted?.acceptedAt ?? e.createdAt) < cutoff));
    loaded = true;
    publish();
  };
  const changed = async () => {
    await reload();
    if (typeof BroadcastChannel === 'undefined') return;
    // Through this tab's own channel when it has one (a channel does not hear itself).
    if (channel) channel.postMessage('changed');
    else {
      const announce = new BroadcastChannel(channelName);
      announce.postMessage('changed');
      announce.close();
    }
  };

  /** One attempt, inside the lock; the entry is read again first, in case another tab already sent it. */
  async function attempt(key: string): Promise<SendOutcome | 'offline'> {
    const entry = await read(key);
    if (!entry || entry.status !== 'waiting') return entry?.status ?? 'refused';
    const now = new Date();
    const tried: OutboxEntry = { ...entry, attempts: entry.attempts + 1, lastAttemptAt: now.toISOString() };
    try {
      const answer = await apiExchange<IncidentView>('/incidents', {
        method: 'POST',
        body: entry.body,
        headers: { 'Idempotency-Key': entry.key },
      });
      await write({
        ...tried,
        status: 'accepted',
        lastError: null,
        accepted: {
          id: answer.data.id,
          acceptedAt: new Date().toISOString(),
          outcome: answer.data.classification.outcome,
          responsibleGuarantor: answer.data.responsibleGuarantor,
          replayed: answer.headers.get('Idempotent-Replayed') === 'true',
        },
      });
      onAccepted(answer.data);
      return 'accepted';
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : null;
      // No answer, or an answer that says "later": keep it, same key, and try again.
      const retryable = !error || error.isNetworkError || error.statusCode === 409 || error.statusCode === 429 || error.statusCode >= 500;
      if (error?.statusCode === 401) {
        // The session ended; the report waits for the next sign-in of this user.
        await write({ ...tried, lastError: 'Signed out before it was sent.' });
        return 'waiting';
      }
      if (retryable) {
        const backoff = error?.statusCode === 409 ? 1000 : Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(tried.attempts - 1, 5));
        await write({
          ...tried,
          lastError: error ? (error.isNetworkError ? 'No connection to the server.' : `${error.statusCode}: ${error.message}`) : 'The answer was cut off.',
          nextAttemptAt: Date.now() + backoff,
        });
        return error === null || error.isNetworkError ? 'offline' : 'waiting';
      }
      await write({
        ...tried,
        status: 'refused',
        lastError: error!.message,
        refused: { statusCode: error!.statusCode, message: error!.message, details: [...error!.details] },
      });
      return 'refused';
    }
  }

  /** Runs `task` holding this user's outbox lock (all tabs), or directly where Web Locks do not exist. */
  function locked<T>(task: () => Promise<T>): Promise<T> {
    if (typeof navigator !== 'undefined' && navigator.locks) {
      return navigator.locks.request(`${DB_NAME}:${STORE}:${userId}`, task) as Promise<T>;
    }
    return task();
  }

  const outbox: Outbox = {
    getEntries: () => entries,
    isLoaded: () => loaded,
    subscribe(listener) {
      listeners.add(listener);
      if (!channel && typeof BroadcastChannel !== 'undefined') {
        channel = new BroadcastChannel(channelName);
        channel.onmessage = () => void reload();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          channel?.close();
          channel = null;
        }
      };
    },
    async add({ body, form, summary }) {
      const entry: OutboxEntry = {
        key: crypto.randomUUID(),
        userId,
        body,
        form,
        summary,
        createdAt: new Date().toISOString(),
        status: 'waiting',
        attempts: 0,
        lastAttemptAt: null,
        lastError: null,
        nextAttemptAt: 0,
        accepted: null,
        refused: null,
      };
      // Durable before any attempt: from here on the report cannot be lost, and its key is fixed.
      await write(entry);
      await changed();
      return entry;
    },
    flush({ force = false } = {}) {
      if (running) return running;
      running = locked(async () => {
        const due = (await readAll(userId)).filter((e) => e.status === 'waiting' && (force || e.nextAttemptAt <= Date.now()));
        for (const entry of due) {
          if (!navigator.onLine) break;
          const outcome = await attempt(entry.key);
          if (outcome === 'offline') break; // the rest would fail the same way
        }
      })
        .catch((error: unknown) => console.warn('Outbox: could not send', error))
        .finally(async () => {
          running = null;
          await changed();
        });
      return running;
    },
    async sendNow(key) {
      await running;
      if (!navigator.onLine) return 'waiting';
      const outcome = await locked(() => attempt(key));
      await changed();
      return outcome === 'offline' ? 'waiting' : outcome;
    },
    async discard(key) {
      await remove(key);
      await changed();
    },
    reload,
  };
  void reload().catch((error: unknown) => console.warn('Outbox: could not read the device store', error));
  return outbox;
}
