// The planning calls: site selection for an enterprise's new plant, and the localization frontier.
import { request, type RequestOptions } from './client'
import type { LocalizationFrontier, SiteSelection } from './types'

/** The suitability parts, in the order the API ranks them. */
export const suitabilityParts = ['buyers', 'demands', 'focus', 'cluster', 'incentives', 'logistics'] as const
export type SuitabilityPart = (typeof suitabilityParts)[number]

export interface SiteRequest {
  enterprise: string
  component: string
  capacity: number
  sites?: number
  radius_km?: number
  weights?: Record<SuitabilityPart, number>
}

export const postSiteSelection = (body: SiteRequest, signal?: AbortSignal) =>
  request<SiteSelection>('/analytics/site-selection', { method: 'POST', body, signal })
export const getFrontier = (query: RequestOptions['query'], signal?: AbortSignal) =>
  request<LocalizationFrontier>('/analytics/localization-frontier', { query, signal })
