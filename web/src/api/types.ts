// The shapes of the API's JSON answers, as the API declares them: aliases of the types generated from its
// OpenAPI document (schema.d.ts, written by scripts/api-types from `chainscope openapi`; CI fails when it
// differs). Nothing here is written by hand but the generic forms (a page of T, a job with result R).
import type { components } from './schema'

type Schemas = components['schemas']

export type Province = Schemas['Place']['province']
export type Role = Schemas['Enterprise']['role']
export type Reason = Schemas['Reason']
export type ChainWarning = Schemas['ChainWarning']

/** Anything with a name in English and, when known, in Chinese. */
export interface Named {
  name: string
  name_zh?: string | null
}

export type Health = Schemas['Health']
export type Place = Schemas['Place']
export type PlaceEnterprises = Schemas['PlaceEnterprises']
export type LinkBuyers = Schemas['LinkBuyers']
export type ComponentType = Schemas['ComponentType']
export type Assembly = Schemas['Assembly']
export type Direction = Schemas['Direction']
export type Taxonomy = Schemas['Taxonomy']
export type CalibrationFigure = Schemas['CalibrationFigure']
export type Enterprise = Schemas['Enterprise']
export type Party = Schemas['Party']
export type Link = Schemas['Link']
export type Capability = Schemas['Capability']
/**
 * One enterprise as the viewer may see it: the optional fields (capacities, prices, volumes, customers,
 * suppliers, time to recover) are left out unless `private` is true — the viewer is one of its members, an
 * analyst or an administrator.
 */
export type EnterpriseDetail = Schemas['EnterpriseDetail']

/** A page of a list: every paginated answer has these four fields. */
export type Page<T> = Omit<Schemas['EnterprisePage'], 'items'> & { items: T[] }

export type Demand = Schemas['Demand']
export type Offer = Schemas['Offer']
export type ScorePart = Schemas['ScorePart']
export type Candidate = Schemas['Candidate']
export type MatchResult = Schemas['MatchResult']
export type Assignment = Schemas['Assignment']
/** Analysts get every demand and the totals (scope 'all demands'), a member only its own demands. */
export type AllocationResult = Schemas['AllocationResult']

export type LocalizationRow = Schemas['LocalizationRow']
export type Localization = Schemas['Localization']
export type FlowPlacePair = Schemas['FlowPlacePair']
export type Flows = Schemas['Flows']
export type Coverage = Schemas['Coverage']
export type HhiRow = Schemas['HhiRow']
export type SingleSourced = Schemas['SingleSourced']
export type CriticalSupplier = Schemas['CriticalSupplier']
export type WeakLinks = Schemas['WeakLinks']
export type InvestTarget = Schemas['InvestTarget']
export type Invest = Schemas['Invest']
export type WhatIfMeasures = Schemas['WhatIfMeasures']
export type WhatIf = Schemas['WhatIf']
export type DuplicatePair = Schemas['DuplicatePair']
export type DuplicateReport = Schemas['Duplicates']
export type MergeResult = Schemas['MergeResult']

export type StressNode = Schemas['StressNode']
export type Mitigation = Schemas['Mitigation']
export type StressResult = Schemas['StressResult']
export type ScenarioResult = Schemas['ScenarioResult']
/** A stress or scenario job; `result` once done (R narrows it to the kind the page started). */
export type Job<R = StressResult | ScenarioResult> = Omit<Schemas['Job'], 'result'> & { result?: R }

export type DemandResponse = Schemas['DemandResponse']
export type ResponseStatus = DemandResponse['status']
export type Deal = Schemas['Deal']
export type PlatformKpis = Schemas['PlatformKpis']
export type Notice = Schemas['Notice']
export type InboxPage = Schemas['InboxPage']
export type InboxSettings = Schemas['InboxSettings']
export type Webhook = Schemas['Webhook']
export type NewWebhook = Schemas['NewWebhook']
export type WebhookDelivery = Schemas['WebhookDelivery']
export type AuditRow = Schemas['AuditRow']

export type AccountRole = Schemas['User']['role']
export type UserAccount = Schemas['User']
export type Account = Schemas['SignedInUser']
export type ApiToken = Schemas['ApiToken']
/** A token just created: the secret is in this answer only, never again. */
export type NewApiToken = Schemas['NewApiToken']

// Joint investment promotion (the pilot's lead registry).
export type Lead = Schemas['Lead']
export type LeadStage = Schemas['Lead']['stage']
export type LeadDetail = Schemas['LeadDetail']
export type LeadEvent = Schemas['LeadEvent']
export type Policy = Schemas['Policy']
export type LeadRecommendation = Schemas['LeadRecommendation']
export type PlaceRecommendation = Schemas['PlaceRecommendation']
export type PromotionKpis = Schemas['PromotionKpis']
export type PromotionKpiRow = Schemas['PromotionKpiRow']
export type PromotionSettings = Schemas['PromotionSettings']
export type SignedLeadsGain = Schemas['SignedLeadsGain']

export type SiteSelection = Schemas['SiteSelection']
export type SiteCandidate = Schemas['SiteCandidate']
export type ChosenSite = Schemas['ChosenSite']
export type SiteSuitability = Schemas['SiteSuitability']
export type SiteMeasures = Schemas['SiteMeasures']
export type LocalizationFrontier = Schemas['LocalizationFrontier']
export type FrontierComponent = Schemas['FrontierComponent']

// R&D, testing and talent services.
export type Service = Schemas['Service']
export type ServiceKind = Schemas['Service']['kind']
export type ServiceRequest = Schemas['ServiceRequest']
export type ServiceInterest = Schemas['ServiceInterest']
export type Booking = Schemas['Booking']
export type ServiceMatch = Schemas['ServiceMatch']
export type Utilization = Schemas['Utilization']
