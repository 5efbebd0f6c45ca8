// The matchmaking loop after a demand is posted (responses, deals), each enterprise's inbox and webhooks,
// and the platform's own records for the bureaus (KPIs) and administrators (the audit trail).
import { getAll } from './chain'
import { request } from './client'
import type { Page } from './types'
import type { Reason } from '../lib/reasons'

export type ResponseStatus = 'submitted' | 'shortlisted' | 'declined' | 'accepted' | 'withdrawn'

export interface DemandResponse {
  id: string
  demand: string
  buyer: string
  buyer_name: string
  buyer_name_zh: string
  supplier: string
  supplier_name: string
  supplier_name_zh: string
  component: string
  component_name: string
  component_name_zh: string
  annual_quantity: number
  unit_price_yuan: number
  lead_time_days: number
  /** The quantity is beyond what the supplier has free (its capacity less its commitments). */
  above_spare_capacity: boolean
  message: string
  status: ResponseStatus
  created_at: string
  updated_at: string
  /** Only in a demand's ranked list: the supplier's match score and rank, or why it is not eligible. */
  score?: number | null
  rank?: number | null
  exclusions?: string[]
  exclusion_codes?: Reason[]
}

export interface Deal {
  id: string
  response: string
  demand: string
  buyer: string
  buyer_name: string
  buyer_name_zh: string
  supplier: string
  supplier_name: string
  supplier_name_zh: string
  component: string
  component_name: string
  component_name_zh: string
  annual_quantity: number
  unit_price_yuan: number
  value_yuan: number
  /** Beyond the supplier's spare capacity (for a linked deal: its commitments are above its capacity). */
  above_spare_capacity: boolean
  start_date: string
  buyer_confirmed: boolean
  supplier_confirmed: boolean
  linked: boolean
  created_at: string
}

export const respond = (demand: string, body: { annual_quantity: number; unit_price_yuan: number; lead_time_days: number; message?: string }) =>
  request<DemandResponse>(`/demands/${encodeURIComponent(demand)}/responses`, { method: 'POST', body })
export const getDemandResponses = (demand: string) => getAll<DemandResponse>(`/demands/${encodeURIComponent(demand)}/responses`)
export const getResponses = () => getAll<DemandResponse>('/responses')
export const actOnResponse = (id: string, action: 'shortlist' | 'decline' | 'withdraw') =>
  request<DemandResponse>(`/responses/${encodeURIComponent(id)}/${action}`, { method: 'POST' })
export const acceptResponse = (id: string, body: { annual_quantity?: number; unit_price_yuan?: number; start_date?: string } = {}) =>
  request<Deal>(`/responses/${encodeURIComponent(id)}/accept`, { method: 'POST', body })
export const getDeals = () => getAll<Deal>('/deals')
export const confirmDeal = (id: string) => request<Deal>(`/deals/${encodeURIComponent(id)}/confirm`, { method: 'POST' })

export interface Notice {
  id: number
  event: 'demand.matched' | 'offer.matched' | 'response.received' | 'response.updated' | 'deal.updated'
  entity: string
  data: Record<string, unknown>
  created_at: string
  read: boolean
  read_at: string | null
}
export interface InboxPage extends Page<Notice> {
  unread: number
}
export const getInbox = (unread = false, limit = 50, offset = 0) =>
  request<InboxPage>('/inbox', { query: { unread: unread ? 'true' : undefined, limit, offset } })
export const markRead = (id: number) => request<Notice>(`/inbox/${id}/read`, { method: 'POST' })
export const getInboxSettings = () => request<{ enterprise: string; match_threshold: number }>('/inbox/settings')
export const setMatchThreshold = (match_threshold: number) =>
  request<{ match_threshold: number }>('/inbox/settings', { method: 'PUT', body: { match_threshold } })

export interface Webhook {
  id: number
  url: string
  events: string[]
  active: boolean
  created_at: string
}
export interface NewWebhook extends Webhook {
  secret: string
}
export interface WebhookDelivery {
  id: number
  notification: number
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: string | null
  last_http_status: number | null
  last_error: string | null
  delivered_at: string | null
  created_at: string
}
export const webhookEvents = ['demand.matched', 'offer.matched', 'response.received', 'response.updated', 'deal.updated'] as const
export const getWebhooks = () => request<{ items: Webhook[] }>('/webhooks').then((r) => r.items)
export const createWebhook = (url: string, events: string[]) =>
  request<NewWebhook>('/webhooks', { method: 'POST', body: events.length ? { url, events } : { url } })
export const deleteWebhook = (id: number) => request<unknown>(`/webhooks/${id}`, { method: 'DELETE' })
export const getDeliveries = (id: number) =>
  request<{ items: WebhookDelivery[] }>(`/webhooks/${id}/deliveries`).then((r) => r.items)
export const redeliver = (id: number, delivery: number) =>
  request<WebhookDelivery>(`/webhooks/${id}/deliveries/${delivery}/redeliver`, { method: 'POST' })

export interface KpiCounts {
  demands: number
  demanded_units: number
  responses: number
  deals: number
  linked_deals: number
  deal_value_yuan: number
}
export interface PlatformKpis {
  total: KpiCounts & { open_demands: number; demands_with_responses: number; response_rate: number }
  by_month: (KpiCounts & { month: string })[]
  by_province: (KpiCounts & { province: string })[]
  by_assembly: (KpiCounts & { assembly: string })[]
  by_component: (KpiCounts & { component: string; name: string; name_zh: string })[]
}
export const getPlatformKpis = () => request<PlatformKpis>('/platform/kpis')

export interface AuditRow {
  id: number
  at: string
  actor: string
  enterprise: string | null
  request_id: string | null
  client: string | null
  action: string
  entity: string
  before: unknown
  after: unknown
  hash: string
}
export const getAudit = (query: { entity?: string; actor?: string; since?: string; limit: number; offset: number }) =>
  request<Page<AuditRow>>('/audit', { query })
