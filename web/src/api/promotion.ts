// Joint investment promotion: the 8 + 8 pilot's lead registry (leads, stages, funds, clashes and the
// coordinators' decisions), the pilot places recommended for a lead, the KPIs, the settings and each place's
// incentive policies. The API decides who sees what (a bureau sees other places' leads in summary only).
import { getAll } from './chain'
import { request } from './client'
import type { Lead, LeadDetail, LeadRecommendation, LeadStage, Policy, PromotionKpis, PromotionSettings, SignedLeadsGain } from './types'
export type { Lead, LeadDetail, LeadEvent, LeadRecommendation, LeadStage, PlaceRecommendation, Policy, PromotionKpis, PromotionKpiRow, PromotionSettings } from './types'

/** Stages in their order (on_hold and lost are off the main path). */
export const leadStages: LeadStage[] = ['lead', 'negotiating', 'signed', 'registered', 'construction', 'production', 'on_hold', 'lost']
export const mainStages: LeadStage[] = ['lead', 'negotiating', 'signed', 'registered', 'construction', 'production']

export interface LeadFilter { place?: string; stage?: string; component?: string; investor?: string; clash?: boolean }
export interface LeadDraft {
  place?: string
  investor?: string
  investor_name_zh?: string
  investor_name_en?: string
  investor_uscc?: string
  components?: string[]
  project?: string
  investment_yuan?: number
  annual_capacity?: number
  jobs?: number
  expected_decision?: string
  contact?: string
  notes?: string
}

export const getLeads = (f: LeadFilter = {}, signal?: AbortSignal) =>
  getAll<Lead>('/leads', { place: f.place || undefined, stage: f.stage || undefined, component: f.component || undefined, investor: f.investor || undefined, clash: f.clash ? 'true' : undefined }, signal)
export const getLead = (id: string) => request<LeadDetail>(`/leads/${encodeURIComponent(id)}`)
export const createLead = (body: LeadDraft) => request<Lead>('/leads', { method: 'POST', body })
export const updateLead = (id: string, body: LeadDraft) => request<Lead>(`/leads/${encodeURIComponent(id)}`, { method: 'PUT', body })
export const changeStage = (id: string, body: { stage: LeadStage; date?: string; contract_value_yuan?: number }) =>
  request<Lead>(`/leads/${encodeURIComponent(id)}/stage`, { method: 'POST', body })
export const addFunds = (id: string, body: { amount_yuan: number; date?: string }) =>
  request<Lead>(`/leads/${encodeURIComponent(id)}/funds`, { method: 'POST', body })
export const arbitrate = (id: string, body: { place?: string; shares?: Record<string, number>; note?: string }) =>
  request<Lead>(`/leads/${encodeURIComponent(id)}/arbitration`, { method: 'POST', body })
export const getRecommendation = (id: string) => request<LeadRecommendation>(`/leads/${encodeURIComponent(id)}/recommendation`)
export const getPromotionKpis = (by: 'place' | 'month' | 'stage' | 'assembly', from = '', to = '', signal?: AbortSignal) =>
  request<PromotionKpis>('/promotion/kpis', { query: { by, from: from || undefined, to: to || undefined }, signal })
/** The what-if over every project signed in the window (a heavy request: one chain rebuild per round). */
export const getSignedLeadsGain = (from = '', to = '', signal?: AbortSignal) =>
  request<SignedLeadsGain>('/promotion/localization-gain', { query: { from: from || undefined, to: to || undefined }, signal })
export const getPromotionSettings = () => request<PromotionSettings>('/promotion/settings')
export const getPolicies = (place = '', validOn = '') =>
  request<{ items: Policy[] }>('/policies', { query: { place: place || undefined, valid_on: validOn || undefined } }).then((r) => r.items)
export const putPromotionSettings = (body: { protection_threshold_yuan?: number; stage_probability?: Partial<Record<LeadStage, number>> }) =>
  request<PromotionSettings>('/promotion/settings', { method: 'PUT', body })
export interface PolicyDraft { place: string; kind: Policy['kind']; title_zh: string; title_en: string; text_zh: string; text_en: string; valid_from: string; valid_until?: string }
export const createPolicy = (body: PolicyDraft) => request<Policy>('/policies', { method: 'POST', body })
