import { describe, expect, it } from 'vitest'
import cq from 'echarts-map-data/map/json/province/chongqing.json'
import sc from 'echarts-map-data/map/json/province/sichuan.json'
import { canonicalPlace, mergeRegions, spreadPoint } from '../src/lib/geo'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

type Collection = Parameters<typeof mergeRegions>[0][number]

describe('map regions', () => {
  const merged = mergeRegions([cq as unknown as Collection, sc as unknown as Collection])
  const codes = new Set(merged.features.map((f) => f.properties.name))

  it('draws Jiangbei and Yubei as one Liangjiang New Area', () => {
    expect(codes.has('LIANGJIANG')).toBe(true)
    expect(codes.has('500105')).toBe(false)
    expect(codes.has('500112')).toBe(false)
    const lj = merged.features.find((f) => f.properties.name === 'LIANGJIANG')!
    expect(lj.geometry.type).toBe('MultiPolygon')
    expect(merged.regionNames.LIANGJIANG).toBe('江北区+渝北区')
  })
  it('maps changed adcodes through the alias table', () => {
    expect(canonicalPlace('500228')).toBe('500155')
    expect(codes.has('500155')).toBe(true) // Liangping, drawn under its 2016 county code
    expect(codes.has('500156')).toBe(true) // Wulong
    expect(codes.has('500228')).toBe(false)
  })
  it('has a region for every Chongqing and Sichuan place of the reference table', () => {
    // The real place table (data/reference/places_cp.csv, with its source in that folder), from which the
    // dataset's places come.
    const places = readFileSync(resolve(process.cwd(), '../data/reference/places_cp.csv'), 'utf8')
    const lines = places.trim().split('\n').slice(1)
    for (const line of lines) {
      const adcode = line.split(',')[2]
      if (adcode.includes('+')) continue // the Liangjiang proxy row
      expect(codes.has(canonicalPlace(adcode)), adcode).toBe(true)
    }
    expect(merged.features.length).toBe(38 - 1 + 21) // Chongqing's 38 less the merged pair, Sichuan's 21
  })
  it('spreads points of one place without putting two on one spot', () => {
    const pts = Array.from({ length: 400 }, (_, i) => spreadPoint(104.06, 30.67, i).join(','))
    expect(new Set(pts).size).toBe(400)
    expect(spreadPoint(104.06, 30.67, 0)).toEqual([104.06, 30.67])
  })
})
