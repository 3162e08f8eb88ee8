import { createHmac, randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { AgreementView, IncidentInput, LiveEvent } from '@truce-monitor/domain';
import { DEMO_PASSWORD } from './product.js';
import { type Random, sleep, until } from './util.js';
import type { Context } from './context.js';

export const ROLES = ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin'] as const;
export type DemoUser = (typeof ROLES)[number];

export interface Session {
  token: string;
  userId: string;
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Session & { status: number }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) return { status: res.status, token: '', userId: '' };
  const body = await json<{ accessToken: string; user: { id: string } }>(res);
  return { status: 200, token: body.accessToken, userId: body.user.id };
}

export async function loginAll(baseUrl: string): Promise<Record<DemoUser, Session>> {
  const out = {} as Record<DemoUser, Session>;
  for (const user of ROLES) {
    const s = await login(baseUrl, user);
    if (s.status !== 200) throw new Error(`login ${user}: ${s.status}`);
    out[user] = s;
  }
  return out;
}

/** How many field monitors share a load: about 5 reports/s each at 50/s, well inside the per-account write limit. */
export const FIELD_MONITORS = 10;

/** Field monitors of their own (the load is spread over them, as reports come from many devices). */
export async function fieldMonitors(baseUrl: string, adminToken: string, count: number): Promise<Session[]> {
  const out: Session[] = [];
  const password = 'a long enough field passphrase';
  for (let i = 1; i <= count; i++) {
    const username = `field-${String(i).padStart(2, '0')}`;
    const created = await api(baseUrl, adminToken, 'POST', '/api/users', { username, password, role: 'monitor' });
    if (created.status !== 201) throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    const s = await login(baseUrl, username, password);
    if (s.status !== 200) throw new Error(`login ${username}: ${s.status}`);
    out.push({ token: s.token, userId: s.userId });
  }
  return out;
}

/**
 * What every load scenario starts from: a fresh database, the product started
 * on it, every demo account signed in, the field monitors created (the
 * monitor's dashboard watches the first of them), and the seeded agreement.
 */
export async function fieldSetup(ctx: Context, label: string) {
  const db = await ctx.database(label);
  const api = await ctx.product(db.url, label);
  await api.start();
  const sessions = await loginAll(api.baseUrl);
  const monitors = await fieldMonitors(api.baseUrl, sessions.admin.token, FIELD_MONITORS);
  sessions.monitor = monitors[0]!;
  const agreement = await seededAgreement(api.baseUrl, sessions.monitor.token);
  return { db, api, sessions, monitors, agreement };
}

export async function api(baseUrl: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as Record<string, unknown> };
}

export async function seededAgreement(baseUrl: string, token: string): Promise<AgreementView> {
  const res = await api(baseUrl, token, 'GET', '/api/agreements');
  if (res.status !== 200) throw new Error(`agreements: ${res.status}`);
  return (res.body as unknown as AgreementView[])[0]!;
}

/** A valid report; `n` varies the text, the day and who fired, so reports are routed to different guarantors or none. */
export function reportBody(agreement: AgreementView, n: number): IncidentInput {
  const perpetrators = [null, ...agreement.parties.filter((p) => !p.excluded).map((p) => p.id)];
  return {
    agreementId: agreement.id,
    occurredAt: new Date(Date.UTC(2017, 0, 2 + (n % 20), 9, 30)).toISOString(),
    timePrecision: 1,
    location: { lat: 33.695, lon: 36.103 },
    geoPrecision: 1,
    governorate: 'SY-RD',
    placeName: 'Ain al-Fijah',
    eventType: 'shelling',
    perpetratorPartyId: perpetrators[n % perpetrators.length] ?? null,
    target: { civilians: true },
    casualties: { killed: { low: 0, best: n % 3, high: 3 }, civiliansKilled: n % 3 },
    sources: [{ kind: 'own_observation', note: `fault run report ${n}` }],
    description: `Artillery fire reported during the fault run (#${n}).`,
  };
}

/**
 * A steady stream of reports from field clients that retry with the same
 * Idempotency-Key until they get a 2xx or a 4xx other than 409/429 (which
 * mean "retry shortly"), with exponential back-off and jitter, honouring
 * Retry-After up to a second. Some clients also re-send a report after its
 * 2xx (an answer lost on a bad connection): that must be replayed, same id.
 */
export class Load {
  issued = 0;
  attempts = 0;
  /** Key → the id of the report its 2xx carried. */
  readonly acked = new Map<string, string>();
  /** Keys refused for good (4xx other than 409/429): a valid report should never be. */
  readonly refused = new Map<string, number>();
  /** Keys whose 2xx answers named different reports: a duplicate. */
  readonly conflicting: string[] = [];
  readonly statuses = new Map<number, number>();
  retriedKeys = 0;
  replayedAnswers = 0;
  resent = 0;
  resentMatching = 0;
  /** 5xx other than 503 with Retry-After. */
  bad5xx = 0;
  unfinished = 0;
  private readonly inflight = new Set<Promise<void>>();
  private ticker: NodeJS.Timeout | null = null;
  private started = 0;
  private stopping = false;
  private readonly onStatus: ((status: number, retryAfter: string | null) => void)[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly monitors: Session[],
    private readonly agreement: AgreementView,
    private readonly perSecond: number,
    private readonly random: Random,
    private readonly resendShare = 0.1,
  ) {}

  get inFlight(): number {
    return this.inflight.size;
  }

  observe(listener: (status: number, retryAfter: string | null) => void): void {
    this.onStatus.push(listener);
  }

  start(): void {
    this.started = Date.now();
    const tick = 20;
    this.ticker = setInterval(() => {
      const due = Math.floor(((Date.now() - this.started) / 1000) * this.perSecond);
      while (this.issued < due) this.track(this.fileOne(this.issued++));
    }, tick);
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Stops issuing; waits for every report in flight to be answered (or the time to run out). */
  async stop(drainMs = 60_000): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await until(() => this.inflight.size === 0, drainMs, 50);
    this.stopping = true;
    this.unfinished = this.inflight.size;
  }

  private async post(token: string, key: string, body: IncidentInput): Promise<{ status: number; retryAfter: string | null; id?: string; replayed: boolean }> {
    this.attempts += 1;
    let status = 0;
    let retryAfter: string | null = null;
    let id: string | undefined;
    let replayed = false;
    try {
      const res = await fetch(`${this.baseUrl}/api/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      replayed = res.headers.get('idempotent-replayed') === 'true';
      const answer = (await res.json().catch(() => null)) as { id?: string } | null;
      if (status >= 200 && status < 300) id = answer?.id;
    } catch {
      status = 0; // the API is not there (killed) or the answer was lost
    }
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500 && (status !== 503 || !retryAfter)) this.bad5xx += 1;
    for (const listener of this.onStatus) listener(status, retryAfter);
    return { status, retryAfter, ...(id ? { id } : {}), replayed };
  }

  private async fileOne(n: number): Promise<void> {
    const key = randomUUID();
    const body = reportBody(this.agreement, n);
    const token = this.monitors[n % this.monitors.length]!.token;
    for (let attempt = 1; ; attempt++) {
      const r = await this.post(token, key, body);
      if (r.status >= 200 && r.status < 300) {
        if (!r.id) {
          this.conflicting.push(key);
          return;
        }
        this.acked.set(key, r.id);
        if (attempt > 1) this.retriedKeys += 1;
        if (r.replayed) this.replayedAnswers += 1;
        if (this.random.next() < this.resendShare) await this.resend(token, key, body, r.id);
        return;
      }
      if (r.status >= 400 && r.status < 500 && r.status !== 409 && r.status !== 429) {
        this.refused.set(key, r.status);
        return;
      }
      if (this.stopping) return;
      // Retry-After is honoured in full for 429 (up to 10 s), up to a second otherwise (to see recovery soon).
      const hinted = r.retryAfter ? Math.min(Number(r.retryAfter) * 1000, r.status === 429 ? 10_000 : 1000) : 0;
      const backoff = Math.min(2000, 100 * 2 ** Math.min(attempt - 1, 5));
      await sleep(Math.max(hinted, backoff) * (0.5 + this.random.next()));
    }
  }

  /** The same key and body again after a 2xx: the answer must be the stored one. */
  private async resend(token: string, key: string, body: IncidentInput, id: string): Promise<void> {
    this.resent += 1;
    for (let attempt = 1; attempt < 50 && !this.stopping; attempt++) {
      const r = await this.post(token, key, body);
      if (r.status >= 200 && r.status < 300) {
        if (r.id === id && r.replayed) this.resentMatching += 1;
        else this.conflicting.push(key);
        return;
      }
      if (r.status >= 400 && r.status < 500 && r.status !== 409 && r.status !== 429) {
        this.conflicting.push(key);
        return;
      }
      await sleep(Math.min(1000, 100 * 2 ** Math.min(attempt - 1, 4)) * (0.5 + this.random.next()));
    }
  }
}

export type LiveSocket = Socket;

/**
 * A dashboard's live connection: socket.io's own reconnection with back-off
 * and jitter (1 s doubling to 5 s, ±50 %), the handshake `auth` read again at
 * every attempt with the last sequence number held, and, like the dashboard,
 * a retry 5 s after the server itself closed the socket or refused it for
 * something other than the token. It records every event as it arrives.
 */
export class Watcher {
  readonly socket: LiveSocket;
  /** Sequence numbers in arrival order (duplicates and disorder included: that is what is checked). */
  readonly received: number[] = [];
  lastSeq: number | null = null;
  /** Where this client's history starts: the server's head when it first connected with nothing to resume. */
  startSeq: number | null = null;
  connects = 0;
  replays = 0;
  replayedEvents = 0;
  lastReplayAt = 0;
  lastConnectAt = 0;
  authRefusals = 0;
  serverClosed = 0;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    baseUrl: string,
    readonly user: DemoUser,
    readonly token: string,
    options: { reconnection?: boolean } = {},
  ) {
    this.socket = io(`${baseUrl}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: options.reconnection ?? true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      timeout: 20_000,
      auth: (send) => send(this.lastSeq === null ? { token } : { token, after: this.lastSeq }),
    });
    this.socket.on('connect', () => {
      this.connects += 1;
      this.lastConnectAt = Date.now();
    });
    this.socket.on('live.replayed', (info: { after: number; count: number; lastSeq: number }) => {
      if (this.startSeq === null) this.startSeq = info.lastSeq;
      this.replays += 1;
      this.replayedEvents += info.count;
      this.lastReplayAt = Date.now();
      this.lastSeq = Math.max(this.lastSeq ?? 0, info.lastSeq);
    });
    this.socket.onAny((type: string, payload: unknown) => {
      const seq = (payload as Partial<LiveEvent> | null)?.seq;
      if (type.startsWith('live.') || typeof seq !== 'number') return;
      this.received.push(seq);
      this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') {
        this.serverClosed += 1;
        this.retryLater();
      }
    });
    this.socket.on('connect_error', (error: Error) => {
      if (this.socket.active) return; // a network failure: socket.io retries with back-off
      if (/unauthori[sz]ed/i.test(error.message)) this.authRefusals += 1;
      this.retryLater();
    });
  }

  private retryLater(): void {
    if (this.closed) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed && !this.socket.active) this.socket.connect();
    }, 5000);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** Waits until a new socket has been told where it starts (live.replayed) or was refused. */
export function connectedOrRefused(socket: LiveSocket, ms = 20_000): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    socket.once('live.replayed', () => {
      clearTimeout(timer);
      resolve('connected');
    });
    socket.once('connect_error', (e: Error) => {
      clearTimeout(timer);
      resolve(e.message || 'connect_error');
    });
  });
}

/** Every event the token may see after `after`, from GET /api/events (paged). */
export async function visibleEvents(baseUrl: string, token: string, after: number): Promise<{ seqs: number[]; head: number }> {
  const seqs: number[] = [];
  let cursor = after;
  for (;;) {
    const res = await api(baseUrl, token, 'GET', `/api/events?after=${cursor}&limit=1000`);
    if (res.status !== 200) throw new Error(`GET /api/events: ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body as unknown as { events: { seq: number }[]; lastSeq: number };
    for (const e of page.events) seqs.push(e.seq);
    if (page.events.length < 1000) return { seqs, head: page.lastSeq };
    cursor = page.lastSeq;
  }
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand: any header, any claims, signed with HS256 under `key`, or unsigned. */
export function forgeJwt(header: object, claims: object, key: string | null, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  const head = `${b64(header)}.${b64(claims)}`;
  if (key === null) return `${head}.`;
  return `${head}.${createHmac(algorithm, key).update(head).digest('base64url')}`;
}

export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
