import type { ApiErrorBody, FieldProblem } from '@truce-monitor/domain';

/** Every API path is relative to this; the dev server proxies it, the API serves the built app under it. */
export const API_BASE = '/api';

/** An error the API answered (or a failure to reach it), with the API's own error body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  /** The HTTP reason phrase the API sent, e.g. `Unprocessable Entity`. */
  readonly error: string;
  readonly details: readonly FieldProblem[];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.statusCode = body.statusCode;
    this.error = body.error;
    this.details = body.details ?? [];
  }

  /** The problem the API named for one field (`casualties.killed.low`), if any. */
  problemWith(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.problem;
  }

  /** True for answers a retry cannot change: the request itself was refused. */
  get isClientError(): boolean {
    return this.statusCode >= 400 && this.statusCode < 500;
  }

  /** 0: the request never got an answer (offline, server down, aborted). */
  get isNetworkError(): boolean {
    return this.statusCode === 0;
  }
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON. */
  body?: unknown;
  /** Appended as a query string; `null` and `undefined` values are left out. */
  params?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** `false` for calls made before sign-in: no token is sent and a 401 means "wrong credentials", not "signed out". */
  authenticated?: boolean;
}

interface ApiClientConfig {
  getToken: () => string | null;
  /** Called when an authenticated call answers 401: the session is gone and the user must sign in again. */
  onUnauthorized: () => void;
}

// The client is configured once by the app shell, so that this module knows
// nothing about where the session lives (lib never imports features).
let config: ApiClientConfig = { getToken: () => null, onUnauthorized: () => {} };

export function configureApiClient(next: ApiClientConfig): void {
  config = next;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiExchange<T>(path, options)).data;
}

/** The answer with its status and headers, for the calls whose headers matter (`Idempotent-Replayed`). */
export interface ApiAnswer<T> {
  data: T;
  status: number;
  headers: Headers;
}

export async function apiExchange<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
  const { method = 'GET', body, params, signal, authenticated = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = authenticated ? config.getToken() : null;
  if (token) headers['Authorization'] = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, params), {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause; // let React Query see its own cancellation as such
    throw new ApiError({ statusCode: 0, error: 'Network Error', message: 'Cannot reach the Truce Monitor server.' });
  }

  if (!response.ok) {
    const error = await readError(response);
    if (error.statusCode === 401 && authenticated) config.onUnauthorized();
    throw error;
  }
  const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  return { data, status: response.status, headers: response.headers };
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
};

function buildUrl(path: string, params: RequestOptions['params']): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== null && value !== undefined) query.set(key, String(value));
  }
  const search = query.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** The API's JSON error body when there is one; otherwise (a proxy's HTML page, an empty body) a body made from the status line. */
async function readError(response: Response): Promise<ApiError> {
  const fallback: ApiErrorBody = {
    statusCode: response.status,
    error: response.statusText || 'Error',
    message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  };
  try {
    const body: unknown = await response.json();
    if (!isApiErrorBody(body)) return new ApiError(fallback);
    return new ApiError({ ...body, error: typeof body.error === 'string' ? body.error : fallback.error });
  } catch {
    return new ApiError(fallback);
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['statusCode'] === 'number' &&
    typeof v['message'] === 'string' &&
    (v['details'] === undefined || Array.isArray(v['details']))
  );
}

/**
 * A file the API streams (exports): the raw answer, authenticated with the
 * session's Bearer token, which a plain link could not send. Errors are read
 * like every other call's.
 */
export async function apiFetchFile(path: string, options: Pick<RequestOptions, 'params' | 'signal'> = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = config.getToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.params), { headers, signal: options.signal ?? null });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError({ statusCode: 0, error: 'Network Error', message: 'Cannot reach the Truce Monitor server.' });
  }
  if (!response.ok) {
    const error = await readError(response);
    if (error.statusCode === 401) config.onUnauthorized();
    throw error;
  }
  return response;
}
