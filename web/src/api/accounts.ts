// The account endpoints the dashboard uses besides sign-in (session.ts): API tokens (each account's own)
// and, for administrators, the accounts of the platform.
import { request } from './client'
import type { AccountRole } from './session'
import type { ApiToken, NewApiToken, UserAccount, DuplicateReport, MergeResult } from './types'
export type { ApiToken, NewApiToken, UserAccount, DuplicatePair, DuplicateReport, MergeResult } from './types'



export const getTokens = () => request<{ tokens: ApiToken[] }>('/tokens').then((r) => r.tokens)
export const createToken = (name: string, expires_days: number) =>
  request<NewApiToken>('/tokens', { method: 'POST', body: { name, expires_days } })
export const revokeToken = (id: number) => request<unknown>(`/tokens/${id}`, { method: 'DELETE' })


export const getUsers = () => request<{ users: UserAccount[] }>('/users').then((r) => r.users)
export const createUser = (body: { email: string; role: AccountRole; enterprise?: string; place?: string; password: string }) =>
  request<UserAccount>('/users', { method: 'POST', body })
export const setUserDisabled = (id: number, disabled: boolean) =>
  request<unknown>(`/users/${id}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' })
export const resetUserPassword = (id: number, password: string) =>
  request<unknown>(`/users/${id}/password`, { method: 'POST', body: { password } })




export const getDuplicates = (threshold: number) =>
  request<DuplicateReport>('/duplicates', { query: { threshold, limit: 1000 } })
export const mergeEnterprises = (keep: string, drop: string) =>
  request<MergeResult>('/duplicates/merge', { method: 'POST', body: { keep, drop } })
