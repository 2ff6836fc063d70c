// The custom ECharts build: only the charts and components the dashboard draws.
// Bundled by `cargo xtask build` (esbuild) into dist/staff/echarts-<hash>.js, which the staff
// app loads when a chart page opens; it sets the `echarts` global that charming calls.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

globalThis.echarts = echarts;
