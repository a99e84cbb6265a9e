/**
 * Thin fetch wrapper for the /api endpoints.
 * - sends the chosen language as accept-language
 * - sends the CSRF token (kept in memory only) on every state-changing request
 * - turns error bodies `{code, message, messageEn, details}` into ApiError
 * - tells the auth layer about 401s (session expired / not logged in)
 */
import type { ErrorDetail } from '@lq/contracts';

export type Lang = 'zh-CN' | 'en';

let csrfToken: string | null = null;
let currentLang: Lang = 'zh-CN';
let unauthorizedHandler: ((err: ApiError) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: Lang): void {
  currentLang = lang;
}
export function getApiLanguage(): Lang {
  return currentLang;
}
export function onUnauthorized(handler: ((err: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

/** Error details may carry extra properties (e.g. the people behind a POSSIBLE_DUPLICATE). */
export type ApiErrorDetail = ErrorDetail & Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  readonly requestId?: string;
  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = [], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Build a query string, leaving out empty values. */
export function toQueryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  /** multipart form data; the browser sets the content type */
  form?: FormData;
  signal?: AbortSignal;
  /** do not call the global 401 handler (used by the login page and the boot-time /me probe) */
  quiet401?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headersFor(method: string, hasJson: boolean): Headers {
  const h = new Headers();
  h.set('accept', 'application/json');
  h.set('accept-language', currentLang);
  if (hasJson) h.set('content-type', 'application/json');
  if (UNSAFE.has(method) && csrfToken) h.set('x-csrf-token', csrfToken);
  return h;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON (e.g. a proxy error page) */
  }
  if (body && typeof body === 'object' && 'code' in body) {
    const b = body as { code: string; message?: string; messageEn?: string; details?: ApiErrorDetail[]; requestId?: string };
    const msg = currentLang === 'en' && b.messageEn ? b.messageEn : (b.message ?? b.code);
    return new ApiError(res.status, b.code, msg, Array.isArray(b.details) ? b.details : [], b.requestId);
  }
  const fallback =
    currentLang === 'en' ? `The server answered ${res.status}. Please try again later.` : `服务器返回错误(${res.status}),请稍后重试。`;
  return new ApiError(res.status, `HTTP_${res.status}`, fallback);
}

function networkError(): ApiError {
  return new ApiError(
    0,
    'NETWORK',
    currentLang === 'en' ? 'Cannot reach the server. Check the network and try again.' : '无法连接服务器,请检查网络后重试。',
  );
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const hasJson = opts.body !== undefined;
  let res: Response;
  try {
    res = await fetch(`/api${path}${toQueryString(opts.query)}`, {
      method,
      headers: headersFor(method, hasJson),
      body: opts.form ?? (hasJson ? JSON.stringify(opts.body) : undefined),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !opts.quiet401 && unauthorizedHandler) unauthorizedHandler(err);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File | Blob, fileName?: string) => {
    const form = new FormData();
    if (fileName) form.append('file', file, fileName);
    else form.append('file', file);
    return request<T>('POST', path, { form });
  },
};

function fileNameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Download a file from a GET endpoint (keeps cookies and language; errors come back as ApiError). */
export async function download(path: string, query: QueryParams | undefined, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api${path}${toQueryString(query)}`, {
      headers: headersFor('GET', false),
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && unauthorizedHandler) unauthorizedHandler(err);
    throw err;
  }
  const blob = await res.blob();
  const name = fileNameFrom(res, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
