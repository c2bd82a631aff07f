// Calls to Crema's API: JSON in and out, the session's CSRF token on changes, problem+json errors in words.

/** An API error carrying the problem's words (detail, then title) and the fields that failed. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when any call answers 401 after sign-in (the session ended): the app shows the sign-in page. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

/** Turns a problem+json body into one readable sentence, naming each failed field. */
export function problemMessage(body: any, status: number): string {
  if (body && typeof body === 'object') {
    const parts: string[] = [];
    const hasErrors = body.errors && typeof body.errors === 'object' && Object.keys(body.errors).length > 0;
    // With field errors the detail only summarises them: the title, then every field, reads better.
    const head = hasErrors ? body.title || body.detail : body.detail || body.title;
    if (head) parts.push(String(head));
    if (hasErrors) {
      for (const [field, msgs] of Object.entries(body.errors)) {
        const list = Array.isArray(msgs) ? msgs.join('; ') : String(msgs);
        parts.push(`${field}: ${list}`);
      }
    }
    if (parts.length) return parts.join(' — ');
  }
  return `The server answered ${status}.`;
}

export async function api<T = any>(method: string, path: string, body?: unknown, opts: { signal?: AbortSignal; quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e: any) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError('The server cannot be reached.', 0);
  }
  const text = await res.text();
  let json: any = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized();
    throw new ApiError(problemMessage(json, res.status), res.status, json?.code, json?.errors);
  }
  return json as T;
}

export const get = <T = any>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, { signal });
export const post = <T = any>(path: string, body?: unknown, signal?: AbortSignal) => api<T>('POST', path, body ?? {}, { signal });
export const put = <T = any>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T = any>(path: string) => api<T>('DELETE', path);

export const enc = encodeURIComponent;
