// Real enterprises coming in: the public registration, the administrators' review queue, one-time
// set-password links, invitations, an enterprise's own profile, and spreadsheet imports.
import { request } from './client'
import type { components } from './schema'

type S = components['schemas']
export type Registration = S['Registration']
export type SubmittedRegistration = S['SubmittedRegistration']
export type AccountWithLink = S['AccountWithLink']
export type ImportAnswer = S['ImportAnswer']
export type ImportKind = ImportAnswer['kind']

export interface RegistrationForm {
  name_zh: string
  name_en: string
  uscc: string
  place: string
  role: 'oem' | 'supplier' | 'institute'
  components: string[]
  applicant_name: string
  applicant_email: string
  claim: string
  licence_base64?: string
}

export const submitRegistration = (body: RegistrationForm) =>
  request<SubmittedRegistration>('/registrations', { method: 'POST', body: { ...body, claim: body.claim || null } })
export const getRegistrations = (status: string) =>
  request<{ items: Registration[] }>('/registrations', { query: status ? { status } : {} }).then((r) => r.items)
export const approveRegistration = (id: number) =>
  request<AccountWithLink>(`/registrations/${id}/approve`, { method: 'POST' })
export const rejectRegistration = (id: number, reason: string) =>
  request<Registration>(`/registrations/${id}/reject`, { method: 'POST', body: { reason } })
export const setPasswordByLink = (token: string, password: string) =>
  request<{ email: string }>('/auth/set-password', { method: 'POST', body: { token, password } })
export const inviteColleague = (email: string) =>
  request<AccountWithLink>('/invitations', { method: 'POST', body: { email } })
export const getColleagues = () => request<{ users: S['User'][] }>('/colleagues').then((r) => r.users)
export const setColleagueDisabled = (id: number, disabled: boolean) =>
  request<S['User']>(`/colleagues/${id}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' })
export const editEnterprise = (id: string, body: Record<string, unknown>) =>
  request<unknown>(`/enterprises/${encodeURIComponent(id)}`, { method: 'PUT', body })

/** The file's bytes as base64 (no data: prefix). */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'))
    reader.readAsDataURL(file)
  })
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A spreadsheet into the store: a dry run (what would happen to each row) or the commit. */
export const importTable = (kind: ImportKind, file: File, dryRun: boolean, mapping?: Record<string, string>) =>
  request<ImportAnswer>('/imports', {
    method: 'POST',
    query: { kind, dry_run: dryRun, file_name: file.name, mapping: mapping ? JSON.stringify(mapping) : undefined },
    raw: { data: file, type: /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv' },
  })
