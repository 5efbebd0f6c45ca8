// The account endpoints the dashboard uses besides sign-in (session.ts): API tokens (each account's own)
// and, for administrators, the accounts of the platform.
import { request } from './client'
import type { AccountRole } from './session'
import type { Reason } from '../lib/reasons'

export interface ApiToken {
  id: number
  name: string
  created_at: string
  expires_at: string
  last_used_at: string | null
  revoked: boolean
}

/** A token just created: the secret is in this answer only, never again. */
export interface NewApiToken extends ApiToken {
  token: string
}

export const getTokens = () => request<{ tokens: ApiToken[] }>('/tokens').then((r) => r.tokens)
export const createToken = (name: string, expires_days: number) =>
  request<NewApiToken>('/tokens', { method: 'POST', body: { name, expires_days } })
export const revokeToken = (id: number) => request<unknown>(`/tokens/${id}`, { method: 'DELETE' })

export interface UserAccount {
  id: number
  email: string
  role: AccountRole
  enterprise: string | null
  enterprise_name?: string
  enterprise_name_zh?: string
  disabled: boolean
  created_at: string
}

export const getUsers = () => request<{ users: UserAccount[] }>('/users').then((r) => r.users)
export const createUser = (body: { email: string; role: AccountRole; enterprise?: string; password: string }) =>
  request<UserAccount>('/users', { method: 'POST', body })
export const setUserDisabled = (id: number, disabled: boolean) =>
  request<unknown>(`/users/${id}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' })
export const resetUserPassword = (id: number, password: string) =>
  request<unknown>(`/users/${id}/password`, { method: 'POST', body: { password } })

/** Two enterprises that look like one company (GET /duplicates), with the reasons of the score. */
export interface DuplicatePair {
  a: string
  a_name: string
  a_name_zh: string
  a_place: string
  b: string
  b_name: string
  b_name_zh: string
  b_place: string
  score: number
  reasons: string[]
  reason_codes: Reason[]
}

export interface DuplicateReport {
  pairs: DuplicatePair[]
  /** Pairs at or above the threshold (pairs holds at most the limit of them). */
  found: number
  enterprises: number
  candidate_pairs: number
  threshold: number
}

export interface MergeResult {
  kept: string
  dropped: string
  moved: Record<string, number>
  capabilities_dropped: number
}

export const getDuplicates = (threshold: number) =>
  request<DuplicateReport>('/duplicates', { query: { threshold, limit: 1000 } })
export const mergeEnterprises = (keep: string, drop: string) =>
  request<MergeResult>('/duplicates/merge', { method: 'POST', body: { keep, drop } })
