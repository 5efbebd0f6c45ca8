// R&D, testing and talent services: institutes' services (public), enterprises' requests (an anonymous
// one's requester is null to everyone but its own members until it accepts a provider), the ranked
// providers of a request, interests and their acceptance, bookings of time slots, and the utilization for
// analysts. The API decides who sees what.
import { getAll } from './chain'
import { request } from './client'
import type { Booking, Service, ServiceInterest, ServiceKind, ServiceMatch, ServiceRequest, Utilization } from './types'
export type { Booking, Service, ServiceInterest, ServiceKind, ServiceMatch, ServiceRequest, Utilization } from './types'

export const serviceKinds: ServiceKind[] = ['testing', 'certification', 'joint_research', 'design', 'training', 'internship']

export interface ServiceFilter { kind?: string; standard?: string; accreditation?: string; place?: string; provider?: string; component?: string; q?: string }
export interface ServiceDraft {
  provider?: string
  kind: ServiceKind
  title_zh: string
  title_en: string
  standards?: string[]
  components?: string[]
  cnas?: string
  cma?: string
  equipment?: string
  lead_time_days?: number
  price_min_yuan?: number
  price_max_yuan?: number
  capacity_hours_per_year?: number
  bookable?: boolean
}
export interface RequestDraft {
  kind: ServiceKind
  standards?: string[]
  component?: string
  needed_by?: string
  budget_yuan?: number
  anonymous?: boolean
  note?: string
}

const blankless = (f: Record<string, string | undefined>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v || undefined]))
const id = (s: string) => encodeURIComponent(s)

export const getServices = (f: ServiceFilter = {}, signal?: AbortSignal) => getAll<Service>('/services', blankless({ ...f }), signal)
export const createService = (body: ServiceDraft) => request<Service>('/services', { method: 'POST', body })
export const closeService = (service: string) => request<Service>(`/services/${id(service)}/close`, { method: 'POST' })
export const getServiceRequests = (f: { kind?: string; status?: string; mine?: boolean } = {}, signal?: AbortSignal) =>
  getAll<ServiceRequest>('/service-requests', { kind: f.kind || undefined, status: f.status || undefined, mine: f.mine ? 'true' : undefined }, signal)
export const getServiceRequest = (request_id: string) => request<ServiceRequest>(`/service-requests/${id(request_id)}`)
export const createServiceRequest = (body: RequestDraft) => request<ServiceRequest>('/service-requests', { method: 'POST', body })
export const closeServiceRequest = (request_id: string) =>
  request<ServiceRequest>(`/service-requests/${id(request_id)}/close`, { method: 'POST' })
export const matchServiceRequest = (request_id: string) =>
  request<ServiceMatch>(`/service-requests/${id(request_id)}/match`, { method: 'POST' })
export const getInterests = (request_id: string) =>
  request<{ items: ServiceInterest[] }>(`/service-requests/${id(request_id)}/interests`).then((r) => r.items)
export const expressInterest = (request_id: string, service: string, note = '') =>
  request<ServiceInterest>(`/service-requests/${id(request_id)}/interests`, { method: 'POST', body: { service, note } })
export const acceptInterest = (request_id: string, interest: string) =>
  request<ServiceRequest>(`/service-requests/${id(request_id)}/interests/${id(interest)}/accept`, { method: 'POST' })
export const getBookings = (service: string, from = '', to = '', signal?: AbortSignal) =>
  request<{ items: Booking[] }>(`/services/${id(service)}/bookings`, { query: { from: from || undefined, to: to || undefined }, signal }).then((r) => r.items)
export const bookService = (service: string, body: { start: string; end: string; request?: string; note?: string }) =>
  request<Booking>(`/services/${id(service)}/bookings`, { method: 'POST', body })
export const cancelBooking = (service: string, booking: string) =>
  request<Booking>(`/services/${id(service)}/bookings/${id(booking)}`, { method: 'DELETE' })
export const confirmBooking = (service: string, booking: string) =>
  request<Booking>(`/services/${id(service)}/bookings/${id(booking)}/confirm`, { method: 'POST' })
export const getUtilization = (year?: number, signal?: AbortSignal) =>
  request<Utilization>('/services/utilization', { query: { year: year ? String(year) : undefined }, signal })
