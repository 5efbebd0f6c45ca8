// The API calls the dashboard makes, one function per operation, typed by api/types.
import { request, requestFull, type RequestOptions } from './client'
import type {
  AllocationResult, CalibrationFigure, Demand, Enterprise, EnterpriseDetail, Flows, Health, Invest, Job,
  LinkBuyers, Localization, MatchResult, Offer, Page, Place, PlaceEnterprises, Taxonomy, WeakLinks, WhatIf,
} from './types'

type Query = RequestOptions['query']

export const getHealth = (signal?: AbortSignal) => request<Health>('/health', { signal })
export const getPlaces = () => request<{ places: Place[] }>('/places').then((r) => r.places)
export const getTaxonomy = () => request<Taxonomy>('/taxonomy')
export const getCalibration = () => request<{ figures: CalibrationFigure[] }>('/calibration').then((r) => r.figures)

/** Every item of a paginated list, page by page (1,000 a page, the API's largest). */
export async function getAll<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
  const limit = 1000
  const first = await request<Page<T>>(path, { query: { ...query, limit, offset: 0 }, signal })
  const items = [...first.items]
  const rest: Promise<Page<T>>[] = []
  for (let offset = limit; offset < first.total; offset += limit)
    rest.push(request<Page<T>>(path, { query: { ...query, limit, offset }, signal }))
  for (const page of await Promise.all(rest)) items.push(...page.items)
  return items
}

export const getEnterprises = (query: Query = {}, signal?: AbortSignal) => getAll<Enterprise>('/enterprises', query, signal)
/** How many enterprises the directory's filters select, per place and map group. */
export const getPlaceEnterprises = (query: Query = {}, signal?: AbortSignal) =>
  request<PlaceEnterprises>('/places/enterprises', { query, signal })
/** One page of the directory (a search: `q`, `role`, `limit` ≤ 1,000), with the total that matched. */
export const getEnterprisePage = (query: Query = {}, signal?: AbortSignal) =>
  request<Page<Enterprise>>('/enterprises', { query, signal })
export const getEnterprise = (id: string, signal?: AbortSignal) =>
  request<EnterpriseDetail>(`/enterprises/${encodeURIComponent(id)}`, { signal })
/** The buyers of the links a filter selects, with their purchases, aggregated by the server. */
export const getLinkBuyers = (query: Query, signal?: AbortSignal) => request<LinkBuyers>('/links/buyers', { query, signal })

export const getLocalization = (query: Query, signal?: AbortSignal) =>
  request<Localization>('/analytics/localization', { query, signal })
export const getFlows = (query: Query, signal?: AbortSignal) => request<Flows>('/analytics/flows', { query, signal })
export const getWeakLinks = (query: Query, signal?: AbortSignal) =>
  request<WeakLinks>('/analytics/weak-links', { query, signal })
export const getInvest = (query: Query, signal?: AbortSignal) => request<Invest>('/analytics/invest', { query, signal })
export const postWhatIf = (body: Record<string, unknown>) =>
  request<WhatIf>('/analytics/invest/what-if', { method: 'POST', body })

export const getDemands = (query: Query = {}) => getAll<Demand>('/demands', query)
export const getOffers = (query: Query = {}) => getAll<Offer>('/offers', query)
export const createDemand = (body: Record<string, unknown>) =>
  requestFull<Demand>('/demands', { method: 'POST', body })
export const createOffer = (body: Record<string, unknown>) => requestFull<Offer>('/offers', { method: 'POST', body })
/**
 * Closes the record the user saw: the list rows carry no ETag, so the stored record is read with its
 * ETag and compared with the row shown; when someone changed it since, nothing is closed (the caller
 * reloads). The close itself is If-Match that ETag, so a change in between is a 412, not lost.
 */
export async function closeRecordAsSeen<T extends Demand | Offer>(kind: 'demands' | 'offers', seen: T): Promise<T> {
  const path = `/${kind}/${encodeURIComponent(seen.id)}`
  const { data, etag } = await requestFull<T>(path)
  if (JSON.stringify(data) !== JSON.stringify(seen)) throw new StaleRecordError(seen.id)
  return request<T>(`${path}/close`, { method: 'POST', headers: etag ? { 'If-Match': etag } : {} })
}

/** The record changed since the list was loaded. */
export class StaleRecordError extends Error {
  constructor(readonly id: string) {
    super(`${id} changed since the list was loaded`)
    this.name = 'StaleRecordError'
  }
}
export const postMatch = (body: Record<string, unknown>, signal?: AbortSignal) =>
  request<MatchResult>('/match', { method: 'POST', body, signal })
export const postAllocation = (body: Record<string, unknown>) =>
  request<AllocationResult>('/allocations', { method: 'POST', body })

export const startStress = (body: Record<string, unknown>) => request<Job>('/stress', { method: 'POST', body })
export const getJob = (id: string, signal?: AbortSignal) => request<Job>(`/stress/${encodeURIComponent(id)}`, { signal })
export const cancelJob = (id: string) => request<Job>(`/stress/${encodeURIComponent(id)}`, { method: 'DELETE' })
