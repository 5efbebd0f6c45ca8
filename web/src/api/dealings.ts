// The matchmaking loop after a demand is posted (responses, deals), each enterprise's inbox and webhooks,
// and the platform's own records for the bureaus (KPIs) and administrators (the audit trail).
import { getAll } from './chain'
import { request } from './client'
import type { Page } from './types'
import type { DemandResponse, Deal, Notice, InboxPage, Webhook, NewWebhook, WebhookDelivery, PlatformKpis, AuditRow } from './types'
export type { ResponseStatus, DemandResponse, Deal, Notice, InboxPage, Webhook, NewWebhook, WebhookDelivery, PlatformKpis, AuditRow } from './types'




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

export const getInbox = (unread = false, limit = 50, offset = 0) =>
  request<InboxPage>('/inbox', { query: { unread: unread ? 'true' : undefined, limit, offset } })
export const markRead = (id: number) => request<Notice>(`/inbox/${id}/read`, { method: 'POST' })
export const getInboxSettings = () => request<{ enterprise: string; match_threshold: number }>('/inbox/settings')
export const setMatchThreshold = (match_threshold: number) =>
  request<{ match_threshold: number }>('/inbox/settings', { method: 'PUT', body: { match_threshold } })

export const webhookEvents = ['demand.matched', 'offer.matched', 'response.received', 'response.updated', 'deal.updated', 'lead.clash', 'lead.arbitrated', 'service_request.matched', 'service_interest.received', 'service_interest.accepted', 'booking.updated'] as const
export const getWebhooks = () => request<{ items: Webhook[] }>('/webhooks').then((r) => r.items)
export const createWebhook = (url: string, events: string[]) =>
  request<NewWebhook>('/webhooks', { method: 'POST', body: events.length ? { url, events } : { url } })
export const deleteWebhook = (id: number) => request<unknown>(`/webhooks/${id}`, { method: 'DELETE' })
export const getDeliveries = (id: number) =>
  request<{ items: WebhookDelivery[] }>(`/webhooks/${id}/deliveries`).then((r) => r.items)
export const redeliver = (id: number, delivery: number) =>
  request<WebhookDelivery>(`/webhooks/${id}/deliveries/${delivery}/redeliver`, { method: 'POST' })

export const getPlatformKpis = () => request<PlatformKpis>('/platform/kpis')

export const getAudit = (query: { entity?: string; actor?: string; since?: string; limit: number; offset: number }) =>
  request<Page<AuditRow>>('/audit', { query })
