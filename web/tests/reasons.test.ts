// What the engines say, rendered in each language from its code: names in the page's language,
// translated kinds, formatted numbers, the price-free allocation wording, and the English fallback for a
// code the dashboard does not know.
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { en, zh } from '../src/i18n/messages'
import { renderReason, warningReason, type ChainWarning, type Reason } from '../src/lib/reasons'

const i18n = createI18n({ legacy: false, locale: 'zh', messages: { zh, en } })
const render = (r: Reason, lang: 'zh' | 'en') => {
  i18n.global.locale.value = lang
  return renderReason(r, i18n.global.t, i18n.global.te, lang)
}

describe('coded reasons', () => {
  it('says why a maker is excluded, with the place in the language shown', () => {
    const r: Reason = {
      code: 'match.distance_unknown',
      params: { place: 'CN-OTHER', place_name: 'Elsewhere in China', place_name_zh: '国内其他地区', limit_km: '800' },
      message: "its distance is not known (Elsewhere in China has no coordinates), so it cannot meet the demand's 800 km limit",
    }
    expect(render(r, 'zh')).toBe('距离未知（国内其他地区无坐标），无法确认在需求的 800 公里范围内')
    expect(render(r, 'en')).toBe(r.message)
  })
  it('translates the provinces, roles and scripts a duplicate reason names', () => {
    expect(render({ code: 'dedupe.different_provinces', params: { a: 'Chongqing', b: 'Sichuan' }, message: '' }, 'zh')).toBe('省市不同：重庆 / 四川')
    expect(render({ code: 'dedupe.names_equal', params: { script: 'zh', name: '长安汽车' }, message: '' }, 'zh')).toBe('中文名称规范化后相同：长安汽车')
    expect(render({ code: 'dedupe.same_role', params: { role: 'tier1' }, message: '' }, 'en')).toBe(`same role: ${en.role.tier1}`)
  })
  it('words an allocation with prices, or without them for a viewer who may not see them', () => {
    const base = { rank: '1', eligible: '3', distance_km: '260', nominal: '0', limit: 'share_cap', max_share_percent: '60' }
    expect(render({ code: 'alloc.cheapest', params: { ...base, unit_cost_yuan: '2311.98', price_yuan: '2300.00', logistics_yuan: '11.98' }, message: '' }, 'zh'))
      .toBe('3 家合格供应商中到厂成本最低：2,311.98 元/单位（单价 2,300 + 物流 11.98，260 公里）；已取到允许的最大份额（60%）')
    const hidden = render({ code: 'alloc.cheapest', params: base, message: '' }, 'zh')
    expect(hidden).toBe('3 家合格供应商中到厂成本最低（260 公里）；已取到允许的最大份额（60%）')
  })
  it('words a refusal over a bound and an unknown scenario target', () => {
    expect(render({ code: 'cost.over_bound', params: { key: 'allocation', cost: '2496', bound: '10', flag: '--max-allocation-arcs' }, message: '' }, 'zh'))
      .toBe('整体配置的计算量为 2,496 条供需连接，超过本服务器的上限 10（serve --max-allocation-arcs）；请关闭或撤回部分进行中的需求，或请运维人员提高上限')
    expect(render({ code: 'scenario.unknown_target', params: { index: '0', kind: 'place', target: '510199' }, message: '' }, 'zh'))
      .toBe('第 1 项断供：没有区县/城市“510199”')
  })
  it('words a job refused over the run-time bound and a request stopped at its deadline (issue 27)', () => {
    const overTime: Reason = { code: 'cost.over_time', params: { key: 'job_scenario', seconds: '292', bound: '120', flag: 'serve --max-job-seconds' }, message: '' }
    expect(render(overTime, 'zh'))
      .toBe('按成本模型估计，情景推演约需运行 292 秒，超过上限 120 秒（serve --max-job-seconds）；请加长时段（bucket_days）、缩短推演天数或缩短断供时间')
    expect(render(overTime, 'en'))
      .toBe('the scenario would run about 292 s by the cost model, over the bound of 120 s (serve --max-job-seconds); use longer buckets (bucket_days), a shorter horizon or shorter disruptions')
    expect(render({ code: 'request.deadline', params: { seconds: '30', flag: '--request-timeout' }, message: '' }, 'zh'))
      .toBe('请求已在本服务器的时限 30 秒（serve --request-timeout）处停止；请缩小范围（更少的需求、更小的区域）或联系运维人员')
  })
  it('falls back to the English text for a code it does not know', () => {
    expect(render({ code: 'match.something_new', params: {}, message: 'a new reason' }, 'zh')).toBe('a new reason')
  })
  it('states a resilience assumption with its volumes formatted and its unit translated', () => {
    const w: ChainWarning = {
      code: 'unrecorded_supply', enterprise: 'catl-yibin', enterprise_name: 'CATL Sichuan (Yibin)', enterprise_name_zh: '四川时代新能源（宜宾）',
      component: 'BAT-CELL', component_name: 'Battery cell', component_name_zh: '动力电芯', unit: 'piece',
      recorded_units_per_year: 9087456, needed_units_per_year: 11967456, assumed_units_per_year: 2880000, message: '',
    }
    i18n.global.locale.value = 'zh'
    const text = renderReason(warningReason(w, i18n.global.t, i18n.global.te, 'zh'), i18n.global.t, i18n.global.te, 'zh')
    expect(text).toBe('四川时代新能源（宜宾）的供货关系中采购动力电芯 9,087,456 件/年，而其销售与整车生产需要 11,967,456：差额 2,880,000 件/年视为来自区外未记录的来源')
  })
})
