// The whole weak-links answer (every single-sourced pair and critical supplier), fetched once per data
// version and indexed by supplier, for the risk part of an enterprise card.
import { getWeakLinks } from '../api/chain'
import { health } from '../api/reference'
import type { CriticalSupplier, SingleSourced, WeakLinks } from '../api/types'

export interface SupplierRisk {
  critical: CriticalSupplier | null
  soleSourceOf: SingleSourced[]
}

let cache: { revision: number | null; promise: Promise<WeakLinks> } | null = null

export function loadFullWeakLinks(): Promise<WeakLinks> {
  const revision = health.value?.revision ?? null
  if (!cache || cache.revision !== revision) {
    const promise = getWeakLinks({ limit: 100000 })
    cache = { revision, promise }
    promise.catch(() => (cache = null))
  }
  return cache.promise
}

export function riskOf(weak: WeakLinks, supplier: string): SupplierRisk {
  return {
    critical: weak.critical_suppliers.find((c) => c.supplier === supplier) ?? null,
    soleSourceOf: weak.single_sourced.filter((s) => s.supplier === supplier),
  }
}
