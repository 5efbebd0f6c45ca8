// The one HTTP client of the dashboard: same-origin JSON requests to /api/v1, every failure turned into
// an ApiError that carries the API's own message (never a blank page), the field it names, the status
// and the request id to quote to an operator.
import type { Reason } from '../lib/reasons'

export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number
  /** The API's error code (bad_request, not_found, …), or network / bad_response. */
  readonly code: string
  /** The request field the error names, when it names one (`field 'quantity': …`). */
  readonly field: string | null
  readonly requestId: string | null
  /** The failure as a code with parameters, when the server gave one (the dashboard words it). */
  reason: Reason | null = null

  constructor(status: number, code: string, message: string, field: string | null, requestId: string | null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
  }
}

/** The field an API message names: `field 'x': …`, `query parameter 'x': …`, or `unknown field 'x'`. */
export function fieldOfMessage(message: string): string | null {
  const m = /^(?:field|query parameter|unknown field) '([^']+)'/.exec(message)
  return m ? m[1] : null
}

/**
 * Every field an API message names, with its own reason: the service joins several problems with "; "
 * ("field 'component': missing field; field 'start_date': missing field").
 */
export function fieldErrors(message: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of message.split(/;\s+(?=(?:field|query parameter|unknown field) ')/)) {
    const field = fieldOfMessage(part)
    if (field && !(field in out)) out[field] = part.replace(/^(?:field|query parameter) '[^']+':\s*/, '')
  }
  return out
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown; request_id?: unknown; reason?: Reason }
}

/** Turns a non-2xx response into an ApiError, whatever its body (JSON error, HTML from a proxy, nothing). */
export async function errorOf(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('X-Request-Id')
  let text = ''
  try {
    text = await response.text()
  } catch {
    text = ''
  }
  try {
    const body = JSON.parse(text) as ErrorBody
    const e = body.error
    if (e && typeof e.message === 'string') {
      const field = typeof e.field === 'string' ? e.field : fieldOfMessage(e.message)
      const error = new ApiError(
        response.status,
        typeof e.code === 'string' ? e.code : 'error',
        e.message,
        field,
        typeof e.request_id === 'string' ? e.request_id : requestId,
      )
      if (e.reason && typeof e.reason.code === 'string') error.reason = e.reason
      return error
    }
  } catch {
    // not JSON: fall through to the status line
  }
  const message = `HTTP ${response.status} ${response.statusText || ''}`.trim()
  return new ApiError(response.status, 'bad_response', message, null, requestId)
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  /** A file sent as it is (an upload), with its Content-Type; instead of a JSON body. */
  raw?: { data: Blob; type: string }
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** The URL of an API path with its query (empty and undefined values left out). */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const qs = params.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

/**
 * Called when the server answers 401 to a request other than the sign-in itself: the session expired or
 * was revoked (signed out elsewhere, account disabled). The app sends the user to the sign-in page.
 */
let unauthorized: ((error: ApiError) => void) | null = null
export function onUnauthorized(handler: ((error: ApiError) => void) | null): void {
  unauthorized = handler
}

export interface ApiResponse<T> {
  data: T
  etag: string | null
  status: number
}

export async function requestFull<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  // X-Requested-With marks the request as the dashboard's own: the server refuses a write authenticated by
  // the session cookie without it (or a same-site Origin), so another site cannot forge one.
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'chainscope', ...options.headers }
  let body: string | Blob | undefined
  if (options.raw !== undefined) {
    headers['Content-Type'] = options.raw.type
    body = options.raw.data
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', 'The server cannot be reached', null, null)
  }
  if (!response.ok) {
    const error = await errorOf(response)
    if (error.status === 401 && path !== '/auth/login') unauthorized?.(error)
    throw error
  }
  let data: T
  try {
    data = (await response.json()) as T
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server sent an answer that is not JSON', null,
      response.headers.get('X-Request-Id'))
  }
  return { data, etag: response.headers.get('ETag'), status: response.status }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestFull<T>(path, options)).data
}
