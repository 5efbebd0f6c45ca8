// Every view keeps its filters in the URL's query so that a view can be shared by copying the link.
// A view declares its state as defaults (string, number or boolean fields); the query holds only the
// fields that differ from their defaults, so a clean URL means the default view.
import { reactive, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

export type QueryValue = string | number | boolean
export type QueryState = Record<string, QueryValue>

function first(v: LocationQuery[string]): string | undefined {
  if (Array.isArray(v)) return v[0] ?? undefined
  return v ?? undefined
}

/** The state a query describes: each field parsed to its default's type; a malformed value keeps the default. */
export function parseQuery<T extends QueryState>(query: LocationQuery, defaults: T): T {
  const out: QueryState = { ...defaults }
  for (const [key, fallback] of Object.entries(defaults)) {
    const raw = first(query[key])
    if (raw === undefined) continue
    if (typeof fallback === 'number') {
      const n = Number(raw)
      if (raw.trim() !== '' && Number.isFinite(n)) out[key] = n
    } else if (typeof fallback === 'boolean') {
      if (raw === '1' || raw === 'true') out[key] = true
      else if (raw === '0' || raw === 'false') out[key] = false
    } else {
      out[key] = raw
    }
  }
  return out as T
}

/** The query for a state: only fields that differ from the defaults, booleans as 1/0. */
export function toQuery<T extends QueryState>(state: T, defaults: T): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, fallback] of Object.entries(defaults)) {
    const v = state[key]
    if (v === fallback || v === undefined) continue
    out[key] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v)
  }
  return out
}

/** Keys of the query owned by the application, not by one view (the language). */
const globalKeys = ['lang']

/**
 * A reactive state bound to the URL: changing a field replaces the query (no new history entry per
 * keystroke); navigating (back/forward, a pasted link) updates the fields.
 */
export function useQueryState<T extends QueryState>(defaults: T): T {
  const route = useRoute()
  const router = useRouter()
  const state = reactive(parseQuery(route.query, defaults)) as T
  watch(
    () => ({ ...state }),
    (now) => {
      const query: LocationQueryRaw = toQuery(now as T, defaults)
      for (const k of globalKeys) if (route.query[k] !== undefined) query[k] = route.query[k]
      const same =
        Object.keys(query).length ===
          Object.keys(route.query).filter((k) => route.query[k] !== undefined).length &&
        Object.entries(query).every(([k, v]) => first(route.query[k]) === v)
      if (!same) void router.replace({ query })
    },
  )
  watch(
    () => route.query,
    (q) => {
      if (route.matched.length === 0) return
      const parsed = parseQuery(q, defaults)
      for (const key of Object.keys(defaults)) if (state[key] !== parsed[key]) (state as QueryState)[key] = parsed[key]
    },
  )
  return state
}
