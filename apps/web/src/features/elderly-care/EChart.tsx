/** A minimal ECharts wrapper (tree-shaken: only the chart types these pages use). */
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  DatasetComponent,
  CanvasRenderer,
]);

export type EChartsOption = echarts.EChartsCoreOption;

export function EChart({
  option,
  style,
  onClick,
  testId,
}: {
  option: EChartsOption;
  style?: CSSProperties;
  onClick?: (p: { name?: string; seriesName?: string; dataIndex?: number; data?: unknown }) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.(p as never));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height: 360, ...style }} data-testid={testId} />;
}

export const PALETTE = [
  '#1677ff',
  '#fa541c',
  '#13c2c2',
  '#722ed1',
  '#52c41a',
  '#eb2f96',
  '#faad14',
  '#2f54eb',
  '#a0d911',
  '#08979c',
  '#d4380d',
  '#531dab',
];
