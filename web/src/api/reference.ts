// Reference data every view needs (places, taxonomy, certifications, the data version), fetched
// once per data version and shared. When the server's revision changes (an import, a new demand), the
// next view that asks gets fresh data.
import { ref, shallowRef } from 'vue'
import { getHealth, getPlaces, getTaxonomy } from './chain'
import type { ComponentType, Health, Place, Taxonomy } from './types'

export const health = shallowRef<Health | null>(null)
export const healthError = ref<string | null>(null)

/** Reads the health (the data version) again; views call it when they load. */
export async function refreshHealth(): Promise<Health | null> {
  try {
    health.value = await getHealth()
    healthError.value = null
  } catch (e) {
    healthError.value = e instanceof Error ? e.message : String(e)
  }
  return health.value
}

function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null
  return () => {
    if (!promise) promise = load().catch((e: unknown) => {
      promise = null
      throw e
    })
    return promise
  }
}

export const loadPlaces = cached(getPlaces)
export const loadTaxonomy = cached(getTaxonomy)
/** Every certification held in the directory (for filters and forms), listed with the taxonomy. */
export const loadCertifications = () => loadTaxonomy().then((t) => t.certifications)

export interface ComponentInfo extends ComponentType {
  assembly: string
  assemblyName: string
  assemblyNameZh: string
  direction: string
}

/** Every component with its assembly and direction, by code. */
export async function loadComponents(): Promise<Map<string, ComponentInfo>> {
  const taxonomy: Taxonomy = await loadTaxonomy()
  const out = new Map<string, ComponentInfo>()
  for (const d of taxonomy.directions)
    for (const a of d.assemblies)
      for (const c of a.components)
        out.set(c.code, { ...c, assembly: a.code, assemblyName: a.name, assemblyNameZh: a.name_zh ?? a.name, direction: d.code })
  return out
}

export async function loadPlaceIndex(): Promise<Map<string, Place>> {
  return new Map((await loadPlaces()).map((p) => [p.code, p]))
}
