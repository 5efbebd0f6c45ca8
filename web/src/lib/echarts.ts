// The parts of ECharts the dashboard draws with, registered once (tree-shaken: no unused chart types).
import * as echarts from 'echarts/core'
import {
  BarChart, HeatmapChart, LineChart, LinesChart, MapChart, SankeyChart, ScatterChart, TreeChart,
} from 'echarts/charts'
import {
  AriaComponent, DataZoomComponent, GeoComponent, GridComponent, LegendComponent, TitleComponent,
  TooltipComponent, VisualMapComponent, MarkLineComponent,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  BarChart, HeatmapChart, LineChart, LinesChart, MapChart, SankeyChart, ScatterChart, TreeChart,
  AriaComponent,
  DataZoomComponent, GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  VisualMapComponent, MarkLineComponent, CanvasRenderer,
])

export { echarts }
export type { EChartsCoreOption as ChartOption } from 'echarts/core'

/** The colours of the 12 assemblies (and of anything keyed by an index), distinguishable in print. */
export const palette = [
  '#1d4f91', '#e8710a', '#1a9850', '#c2185b', '#7b1fa2', '#00838f', '#8d6e63', '#f9a825', '#5c6bc0',
  '#d84315', '#2e7d32', '#546e7a', '#ad1457', '#0277bd',
]
