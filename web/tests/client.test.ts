import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiUrl, errorOf, fieldErrors, fieldOfMessage, onUnauthorized, request } from '../src/api/client'
import { allows, type Account } from '../src/api/session'

afterEach(() => vi.unstubAllGlobals())

function respond(status: number, body: string, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers })))
}

describe('API client', () => {
  it('builds URLs without empty parameters', () => {
    expect(apiUrl('/enterprises', { role: 'oem', q: '', place: undefined, limit: 10 })).toBe('/api/v1/enterprises?role=oem&limit=10')
    expect(apiUrl('/enterprises', { q: '长安 汽车' })).toBe('/api/v1/enterprises?q=%E9%95%BF%E5%AE%89+%E6%B1%BD%E8%BD%A6')
  })
  it('turns an API error into an ApiError with its message, field and request id', async () => {
    respond(400, JSON.stringify({ error: { code: 'bad_request', message: "field 'annual_quantity': must be at least 1", field: 'annual_quantity', request_id: 'abc' } }))
    const e = await request('/demands', { method: 'POST', body: {} }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).status).toBe(400)
    expect((e as ApiError).code).toBe('bad_request')
    expect((e as ApiError).field).toBe('annual_quantity')
    expect((e as ApiError).requestId).toBe('abc')
    expect((e as ApiError).message).toBe("field 'annual_quantity': must be at least 1")
  })
  it('keeps the 500 message the server sends (no detail) and the request id header', async () => {
    respond(500, JSON.stringify({ error: { code: 'internal', message: 'internal error' } }), { 'X-Request-Id': 'r1' })
    const e = (await request('/health').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(500)
    expect(e.message).toBe('internal error')
    expect(e.requestId).toBe('r1')
  })
  it('survives a body that is not JSON (a proxy page)', async () => {
    respond(502, '<html>Bad Gateway</html>')
    const e = (await request('/health').catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('bad_response')
    expect(e.message).toContain('502')
  })
  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const e = (await request('/health').catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('network')
    expect(e.status).toBe(0)
  })
  it('rejects a 200 whose body is not JSON', async () => {
    respond(200, 'not json')
    const e = (await request('/health').catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('bad_response')
  })
  it('finds every field a combined message names', async () => {
    expect(fieldOfMessage("query parameter 'limit': must be a whole number")).toBe('limit')
    expect(fieldOfMessage('unknown component')).toBeNull()
    expect(fieldErrors("field 'component': missing field; field 'start_date': not a date YYYY-MM-DD")).toEqual({
      component: 'missing field',
      start_date: 'not a date YYYY-MM-DD',
    })
    const e = await errorOf(new Response(JSON.stringify({ error: { code: 'bad_request', message: "unknown field 'colour' (allowed: id)" } }), { status: 400 }))
    expect(e.field).toBe('colour')
  })
  it('marks every request as the dashboard\'s own, so cookie writes pass the CSRF check', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    await request('/demands', { method: 'POST', body: { a: 1 } })
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect((init.headers as Record<string, string>)['X-Requested-With']).toBe('chainscope')
    expect(init.credentials).toBe('same-origin')
  })
  it('reports a 401 to the sign-in handler, except for a failed sign-in', async () => {
    const seen: number[] = []
    onUnauthorized((e) => seen.push(e.status))
    try {
      respond(401, JSON.stringify({ error: { code: 'unauthorized', message: 'sign in first' } }))
      await request('/links').catch(() => undefined)
      await request('/auth/login', { method: 'POST', body: {} }).catch(() => undefined)
      respond(403, JSON.stringify({ error: { code: 'forbidden', message: 'analysts only' } }))
      await request('/analytics/flows').catch(() => undefined)
    } finally {
      onUnauthorized(null)
    }
    expect(seen).toEqual([401])
  })
})

describe('page access', () => {
  const as = (role: Account['role']): Account => ({ id: 1, email: 'x@y', role, enterprise: role === 'member' ? 'changan' : null, place: null, enterprise_admin: false, signed_in_with: 'session' })
  it('follows the API roles: public, signed in, analyst (or admin), admin', () => {
    const table = [null, as('member'), as('analyst'), as('admin')].map((who) =>
      (['public', 'signedIn', 'analyst', 'admin'] as const).map((a) => allows(who, a)))
    expect(table).toEqual([
      [true, false, false, false],
      [true, true, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ])
  })
})
