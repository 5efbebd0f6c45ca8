// Filtering the enterprise directory by the map's filters (role, assembly, component, province,
// certification, text in Chinese or English). Pure, so it is unit-tested.
import type { Enterprise } from '../api/types'

export interface EnterpriseFilter {
  role: string
  assembly: string
  component: string
  province: string
  cert: string
  place: string
  q: string
}

/** componentAssembly: component code → assembly code. */
export function filterEnterprises(
  all: readonly Enterprise[],
  f: EnterpriseFilter,
  componentAssembly: ReadonlyMap<string, string>,
): Enterprise[] {
  const q = f.q.trim().toLowerCase()
  return all.filter(
    (e) =>
      (!f.role || e.role === f.role) &&
      (!f.province || e.province === f.province) &&
      (!f.place || e.place === f.place) &&
      (!f.component || e.components.includes(f.component)) &&
      (!f.assembly || e.components.some((c) => componentAssembly.get(c) === f.assembly)) &&
      (!f.cert || e.certifications.includes(f.cert)) &&
      (!q ||
        e.name.toLowerCase().includes(q) ||
        (e.name_zh ?? '').includes(f.q.trim()) ||
        e.id.toLowerCase().includes(q)),
  )
}

/** The assembly an enterprise is drawn in: that of its first component, else its role's group. */
export function assemblyOf(e: Enterprise, componentAssembly: ReadonlyMap<string, string>): string {
  for (const c of e.components) {
    const a = componentAssembly.get(c)
    if (a) return a
  }
  return e.role === 'oem' ? 'OEM' : 'OTHER'
}
