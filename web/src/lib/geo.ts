// District (Chongqing) and city (Sichuan) boundaries for the map, from the echarts@4.9.0 package's
// compressed GeoJSON (Apache-2.0), loaded on first use (not in the main bundle). The map is a schematic
// (示意图), not an approved survey map.
//
// Regions are named by the dataset's place codes, made canonical by one alias table: adcodes that changed
// since the boundaries were drawn (Liangping county 500228 → district 500155, Wulong 500232 → 500156), and
// Jiangbei + Yubei, drawn together as today's Liangjiang New Area (the dataset's LIANGJIANG).
import { echarts } from './echarts'

export const mapName = 'chengyu'

const aliases: Record<string, string> = {
  '500228': '500155',
  '500232': '500156',
  '500105': 'LIANGJIANG',
  '500112': 'LIANGJIANG',
}

/** The code a region and a place share on the map. */
export function canonicalPlace(code: string): string {
  return aliases[code] ?? code
}

interface EncodedFeature {
  type: 'Feature'
  id?: string
  properties: { name: string; cp?: [number, number]; childNum?: number }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[]; encodeOffsets: unknown[] }
}
interface EncodedCollection {
  type: 'FeatureCollection'
  UTF8Encoding?: boolean
  features: EncodedFeature[]
}

/** Polygons of a feature as a list (a Polygon is one polygon of rings; a MultiPolygon is many). */
function polygonsOf(f: EncodedFeature): { coordinates: unknown[]; encodeOffsets: unknown[] } {
  if (f.geometry.type === 'MultiPolygon') return { coordinates: f.geometry.coordinates, encodeOffsets: f.geometry.encodeOffsets }
  return { coordinates: [f.geometry.coordinates], encodeOffsets: [f.geometry.encodeOffsets] }
}

/**
 * Both provinces' features as one collection, each named by its canonical place code; features that
 * share a code (Jiangbei and Yubei) become one MultiPolygon. The encoding is kept: ECharts decodes it.
 */
export function mergeRegions(collections: EncodedCollection[]): EncodedCollection & { regionNames: Record<string, string> } {
  const byCode = new Map<string, EncodedFeature>()
  const regionNames: Record<string, string> = {}
  for (const c of collections)
    for (const f of c.features) {
      const adcode = String(f.id ?? f.properties.name)
      const code = canonicalPlace(adcode)
      regionNames[code] = regionNames[code] ? `${regionNames[code]}+${f.properties.name}` : f.properties.name
      const existing = byCode.get(code)
      if (!existing) {
        byCode.set(code, { ...f, id: code, properties: { ...f.properties, name: code } })
        continue
      }
      const a = polygonsOf(existing)
      const b = polygonsOf(f)
      existing.geometry = {
        type: 'MultiPolygon',
        coordinates: [...a.coordinates, ...b.coordinates],
        encodeOffsets: [...a.encodeOffsets, ...b.encodeOffsets],
      }
    }
  return { type: 'FeatureCollection', UTF8Encoding: true, features: [...byCode.values()], regionNames }
}

let registered: Promise<string[]> | null = null

/** Registers the Sichuan + Chongqing map once; resolves to the region codes drawn. */
export function loadRegionMap(): Promise<string[]> {
  if (!registered)
    registered = Promise.all([
      import('echarts-map-data/map/json/province/chongqing.json'),
      import('echarts-map-data/map/json/province/sichuan.json'),
    ]).then(([cq, sc]) => {
      const merged = mergeRegions([cq.default as unknown as EncodedCollection, sc.default as unknown as EncodedCollection])
      echarts.registerMap(mapName, merged as unknown as Parameters<typeof echarts.registerMap>[1])
      return merged.features.map((f) => String(f.id))
    })
  return registered
}

/**
 * A deterministic spread of a place's enterprises around its centre (golden-angle spiral, ~0.016° × √i),
 * so that points of one district do not overlap; positions are schematic, not addresses.
 */
export function spreadPoint(lon: number, lat: number, index: number): [number, number] {
  const r = 0.016 * Math.sqrt(index)
  const angle = index * 2.399963229728653
  return [lon + (r * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180), lat + r * Math.sin(angle)]
}
