// The shapes of the API's JSON answers that the dashboard reads (see /api/v1/openapi.json).
import type { ChainWarning, Reason } from '../lib/reasons'

export type Province = 'Chongqing' | 'Sichuan' | 'OtherChina' | 'Abroad'
export type Role = 'oem' | 'tier1' | 'tier2' | 'material' | 'logistics' | 'dealer' | 'research'

export interface Named {
  name: string
  name_zh?: string | null
}

export interface Health {
  status: string
  api_version: string
  store: string
  schema_version: number
  revision: number
  counts: Record<string, number>
}

export interface Place extends Named {
  code: string
  province: Province
  lat: number | null
  lon: number | null
  focus: string[]
  enterprises: number
  pilot: 'western_chongqing' | 'sichuan' | null
}

export interface ComponentType extends Named {
  code: string
  powertrain: 'ICE' | 'NEV' | 'ANY'
  unit: string
  unit_price_yuan: number
  typical_qty_per_vehicle: number
  makers: number
  inputs: { component: string; qty_per_unit: number }[]
}

export interface Assembly extends Named {
  code: string
  components: ComponentType[]
}

export interface Direction extends Named {
  code: string
  assemblies: Assembly[]
}

export interface Taxonomy {
  directions: Direction[]
  component_count: number
}

export interface CalibrationFigure {
  key: string
  figure: string
  value: number
  unit: string
  target: string
  min: number
  max: number
  ok: boolean
  source: string
  target_zh: string
  source_zh: string
}

export interface Enterprise extends Named {
  id: string
  role: Role
  place: string
  place_name: string
  place_name_zh: string
  province: Province
  park: string | null
  certifications: string[]
  components: string[]
  ttr_days?: number
  employees: number
  synthetic: boolean
}

export interface Party extends Named {
  id: string
  place: string
  place_name: string
  province: Province
}

export interface Link {
  buyer: Party
  supplier: Party
  component: string
  component_name: string
  component_name_zh: string
  unit: string
  annual_volume: number
  unit_price_yuan: number
  value_yuan: number
  buyer_inventory_days: number
  in_transit_days: number
  distance_km: number | null
  local: boolean
  regional: boolean
}

export interface Capability {
  component: string
  component_name: string
  component_name_zh: string
  unit: string
  annual_capacity?: number
  committed?: number
  free_capacity?: number
  unit_price_yuan?: number
  lead_time_days: number
  quality?: number
  inventory_days?: number
}

/**
 * One enterprise as the viewer may see it: the fields marked optional here (capacities, prices, volumes,
 * customers, suppliers, time to recover) are left out unless `private` is true — the viewer is one of its
 * members, an analyst or an administrator (src/server/json_out.cpp StripConfidential).
 */
export interface EnterpriseDetail extends Enterprise {
  private: boolean
  capabilities: Capability[]
  customers?: Link[]
  suppliers?: Link[]
  vehicle_lines: { id: string; place: string; powertrain: string; annual_volume: number; unit_price_yuan: number; bom_items: number }[]
}

export interface Page<T> {
  total: number
  limit: number
  offset: number
  items: T[]
}

export interface Demand {
  id: string
  buyer: string
  buyer_name: string
  buyer_name_zh: string
  component: string
  component_name: string
  component_name_zh: string
  annual_quantity: number
  start_date: string
  max_distance_km: number | null
  required_certs: string[]
  prefer_local: boolean
  max_share: number
  status: 'open' | 'closed'
}

export interface Offer {
  id: string
  supplier: string
  supplier_name: string
  component: string
  component_name: string
  annual_capacity?: number
  unit_price_yuan?: number
  valid_until: string | null
  status: 'open' | 'closed'
}

export interface ScorePart {
  value: number
  weight: number
  contribution: number
}

export interface Candidate extends Named {
  supplier: string
  place: string
  place_name: string
  province: Province
  score: number
  parts: Record<string, ScorePart>
  distance_km: number
  distance_nominal: boolean
  free_capacity?: number
  unit_price_yuan?: number
  logistics_yuan_per_unit?: number
  landed_cost_yuan?: number
  quality?: number
  lead_time_days: number
  local: boolean
  regional: boolean
  source: 'offer' | 'capability'
  offers: string[]
}

export interface MatchResult {
  demand: { id: string | null; buyer: string; component: string; quantity: number }
  makers: number
  eligible: number
  candidates: Candidate[]
  explain?: { supplier: string; eligible: boolean; excluded_because: string[]; excluded_because_codes: Reason[]; rank?: number; candidate?: Candidate }
}

export interface Assignment {
  demand: string
  buyer: string
  component: string
  supplier: string
  supplier_name: string
  province: Province
  quantity: number
  unit_price_yuan?: number
  logistics_yuan_per_unit?: number
  unit_cost_yuan?: number
  distance_km: number
  reason: string
  reason_code?: Reason
}

/**
 * An allocation as the viewer may see it: analysts get every demand and the totals (scope 'all demands'),
 * a member only the assignments of the member's own demands, without the totals ('own demands').
 */
export interface AllocationResult {
  scope: 'all demands' | 'own demands'
  assignments: Assignment[]
  unmet: { demand: string; quantity: number; reason: string; reason_code?: Reason }[]
  total_cost_yuan?: number
  penalty_yuan?: number
  units_assigned: number
  units_unmet: number
  regional_share_value?: number
  local_share_value?: number
  demands?: number
  supply_options?: number
  arcs?: number
  solver_rounds?: number
}

export interface LocalizationRow {
  key: string
  label: string
  local_share_value: number
  local_share_volume: number
  regional_share_value: number
  regional_share_volume: number
  deep_local_share_value: number
  deep_regional_share_value: number
  deep_unknown_share_value: number
  value_yuan: number
  local_value_yuan: number
  regional_value_yuan: number
  volume: number
  links: number
}

export interface Localization {
  by: string
  buyers: string
  rows: LocalizationRow[]
}

export interface FlowPlacePair {
  from: string
  from_name: string
  from_province: Province
  to: string
  to_name: string
  to_province: Province
  value_yuan: number
  volume: number
  links: number
}

export interface Flows {
  total_value_yuan: number
  links: number
  categories: { key: string; label: string; value_yuan: number; share: number }[]
  provinces: { from: Province; to: Province; value_yuan: number }[]
  sankey: { nodes: { name: string }[]; links: { source: string; target: string; value: number }[] }
  place_pairs: number
  places: FlowPlacePair[]
}

export interface Coverage {
  component: string
  component_name: string
  component_name_zh: string
  assembly: string
  unit: string
  area: string
  demand_units: number
  demand_value_yuan: number
  capacity_units: number
  makers: number
  coverage: number
  local_supply_share: number
  uncovered_units: number
  uncovered_value_yuan: number
}

export interface HhiRow {
  component: string
  component_name: string
  component_name_zh: string
  assembly: string
  unit: string
  scope: string
  hhi: number
  suppliers: number
  equivalent_suppliers: number
  top_supplier: string
  top_supplier_name: string
  top_share: number
  value_yuan: number
}

export interface SingleSourced {
  buyer: string
  buyer_name: string
  supplier: string
  supplier_name: string
  component: string
  component_name: string
  component_name_zh: string
  assembly: string
  unit: string
  value_yuan: number
  volume: number
}

export interface CriticalSupplier {
  supplier: string
  name: string
  place: string
  province: Province
  buyers: string[]
  components: string[]
  cut: { buyer: string; component: string }[]
  vehicle_lines: string[]
  vehicles_exposed: number
  value_exposed_yuan: number
}

export interface WeakLinks {
  purchase_value_yuan: number
  source_pairs: number
  single_sourced_pairs: number
  single_sourced_value_yuan: number
  single_sourced_share_value: number
  single_sourced: SingleSourced[]
  hhi: HhiRow[]
  hhi_oem_rows: number
  coverage: Coverage[]
  critical_supplier_count: number
  critical_suppliers: CriticalSupplier[]
  gaps: Coverage[]
}

export interface InvestTarget {
  component: string
  component_name: string
  component_name_zh: string
  assembly: string
  unit: string
  place: string
  place_name: string
  place_name_zh: string
  province: Province
  score: number
  parts: Record<string, ScorePart>
  focus: boolean
  addressable_value_yuan: number
  nearby_buyers_value_yuan: number
  nearby_makers: number
  capacity_units: number
  moved_units: number
  moved_value_yuan: number
  buyers_served: number
  local_share_gain_pp: number
  local_share_all_tiers_gain_pp: number
  single_sourced_drop_yuan: number
}

export interface Invest {
  targets: InvestTarget[]
  radius_km: number
  max_share: number
  capacity_units: number | null
}

export interface WhatIfMeasures {
  local_share_value: number
  local_share_all_tiers_value: number
  regional_share_value: number
  single_sourced_value_yuan: number
  single_sourced_pairs: number
  component_local_share_value: number
  component_coverage: number
  component_hhi: number
  critical_suppliers: number
}

export interface WhatIf {
  supplier: { id: string; name: string; component: string; place: string; capacity_units: number; max_share: number }
  plan: {
    units: number
    value_yuan: number
    vehicle_makers_value_yuan: number
    single_sourced_drop_yuan: number
    moves: { buyer: string; buyer_name: string; units: number; value_yuan: number; distance_km: number; from: { supplier: string; supplier_province: Province; units: number }[] }[]
  }
  before: WhatIfMeasures
  after: WhatIfMeasures
  change: Record<string, number>
}

export interface StressNode {
  id: string
  name: string
  role: Role
  place: string
  province: Province
  tts_days: number | null
  pi_vehicles: number
  pi_value_yuan: number
  rei: number
  spend_yuan: number
  ttr_days: number
  reaches_vehicles: boolean
  skipped: boolean
}

export interface Mitigation {
  node: string
  name: string
  pi_value_yuan: number
  pi_vehicles: number
  buffer: {
    possible: boolean
    value_yuan: number
    items: { buyer: string; component: string; extra_units: number; extra_days: number; extra_value_yuan: number; marginal_value_yuan: number }[]
  }
  second_sources: { buyer: string; component: string; supplier: string; supplier_name: string; free_capacity_per_day: number }[]
  pi_with_second_sources_yuan: number
  pi_with_second_sources_vehicles: number
}

export interface StressResult {
  nodes: StressNode[]
  node_count: number
  horizon_days: number
  alternatives: boolean
  qualification_days: number
  lps_solved: number
  skipped: number
  seconds: number
  mitigations: Mitigation[]
  /** What the model assumed where the recorded data do not balance (the first 50, largest first). */
  warnings: ChainWarning[]
  warning_count: number
}

export interface ScenarioResult {
  name: string
  lost_vehicles: number
  lost_value_yuan: number
  by_oem: { oem: string; name: string; lost_vehicles: number; lost_value_yuan: number; lost_vehicles_by_bucket: number[] }[]
  by_bucket: { start_day: number; days: number; lost_vehicles: number; lost_value_yuan: number }[]
  horizon_days: number
  bucket_days: number
  sites_disrupted: number
  plants_disrupted: number
  warnings: ChainWarning[]
  warning_count: number
}

export interface Job<R = StressResult | ScenarioResult> {
  job: string
  kind: 'stress' | 'scenario'
  /** queued: waiting for a server to take it (jobs live in the database; any server works on them). */
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  progress: { done: number; total: number }
  href: string
  result?: R
  /** The failure, when status is failed. */
  error?: string
  /** The failure as a code with parameters, when the server words it itself (job.internal). */
  error_reason?: Reason
}
