import { InfoCircleOutlined } from '@ant-design/icons';
import { ABILITY_LEVEL_NAMES, ORDER_STATUS_LABELS, type OrderStatus } from '@lq/contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Progress, Row, Skeleton, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useScope } from '../../app/scope';
import { api } from '../../shared/api';
import { useRegionLabel } from '../../shared/regions';
import { LoadError, PageHeader } from '../../shared/ui';
import { EC, type OverviewData } from './api';
import { fenToYuan, LEVEL_COLORS, useL } from './common';
import { EChart, type EChartsOption } from './EChart';

function Figure({ title, definition, children, extra }: { title: string; definition: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Tooltip title={definition}>
          <span style={{ cursor: 'help' }}>
            {title} <InfoCircleOutlined style={{ color: '#999' }} />
          </span>
        </Tooltip>
      }
      extra={extra}
      style={{ height: '100%' }}
    >
      {children}
    </Card>
  );
}

function bar(
  names: string[],
  values: number[],
  opts: { target?: number; targetLabel?: string; colours?: string[]; unit?: string; horizontal?: boolean } = {},
): EChartsOption {
  const cat = {
    type: 'category',
    data: names,
    axisLabel: { interval: 0, rotate: !opts.horizontal && names.length > 6 ? 40 : 0, fontSize: 11 },
  };
  const val = { type: 'value', name: opts.unit };
  return {
    grid: { left: opts.horizontal ? 110 : 48, right: 24, top: 28, bottom: !opts.horizontal && names.length > 6 ? 70 : 30 },
    tooltip: { trigger: 'axis' },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: [
      {
        type: 'bar',
        data: values.map((v, i) => (opts.colours ? { value: v, itemStyle: { color: opts.colours[i % opts.colours.length] } } : v)),
        label: { show: true, position: opts.horizontal ? 'right' : 'top', fontSize: 11 },
        markLine:
          opts.target !== undefined
            ? {
                symbol: 'none',
                lineStyle: { color: '#cf1322', type: 'dashed' },
                label: { formatter: opts.targetLabel ?? `目标 ${opts.target}`, color: '#cf1322' },
                data: [opts.horizontal ? { xAxis: opts.target } : { yAxis: opts.target }],
              }
            : undefined,
      },
    ],
  };
}

export default function OverviewPage() {
  const L = useL();
  const { scopeCode } = useScope();
  const regionLabel = useRegionLabel();
  const navigate = useNavigate();
  const { data, error, isLoading, refetch } = useQuery({
    queryKey: ['ec', 'overview', scopeCode],
    queryFn: () => api.get<OverviewData>(`${EC}/overview`),
  });
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !data) return <Skeleton active />;

  // aggregate the server's township x status counts
  const statusCount = new Map<string, number>();
  const townCount = new Map<string, { regionCode: string; name?: string; count: number }>();
  for (const r of data.ordersByTownship ?? []) {
    statusCount.set(r.status, (statusCount.get(r.status) ?? 0) + r.count);
    const t = townCount.get(r.townshipCode) ?? { regionCode: r.townshipCode, name: r.townshipName ?? undefined, count: 0 };
    t.count += r.count;
    townCount.set(r.townshipCode, t);
  }
  const byStatus = [...statusCount].map(([status, count]) => ({ status, count }));
  const byTown = [...townCount.values()].sort((a, b) => b.count - a.count);
  const levels = [...(data.eldersByLevel ?? [])].sort((a, b) => a.level - b.level);
  const onTime = data.onTime
    ? {
        value: data.onTime.rate,
        target: undefined as number | undefined,
        definition: L(
          `签到时间不晚于时间窗结束 ${data.onTime.graceMin} 分钟的服务次数 ÷ 已签到服务次数(${data.year} 年,${data.onTime.onTime}/${data.onTime.served})`,
          `Visits checked in no later than ${data.onTime.graceMin} min after the window ÷ visits served (${data.onTime.onTime}/${data.onTime.served})`,
        ),
      }
    : undefined;
  const sat = data.satisfaction
    ? {
        value: data.satisfaction.average,
        target: undefined as number | undefined,
        definition: L(
          `回访与现场确认的满意度平均分(1-5 分,${data.satisfaction.responses} 份)`,
          `Mean satisfaction (1-5) of ${data.satisfaction.responses} responses`,
        ),
      }
    : undefined;
  const sub = data.subsidy
    ? { spentFen: data.subsidy.spentFen, budgetFen: data.subsidy.budgetFen ?? 0, definition: undefined as string | undefined }
    : undefined;
  const cov = data.centreCoverage
    ? {
        covered: data.centreCoverage.townshipsWithCentre,
        total: data.centreCoverage.townships,
        target: data.centreCoverage.target,
        deadline: String(data.centreCoverage.targetYear),
        definition: undefined as string | undefined,
      }
    : undefined;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v <= 1 ? Math.round(v * 1000) / 10 : v);

  return (
    <>
      <PageHeader title={L('养老服务总览', 'Elderly-care overview')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={6}>
          <Figure
            title={L('按时服务率', 'On-time rate')}
            definition={
              onTime?.definition ??
              L(
                '签到时间落在计划时间窗内的服务次数 ÷ 已签到服务次数(本月)',
                'Visits checked in inside their window ÷ visits checked in (this month)',
              )
            }
          >
            <Statistic value={pct(onTime?.value) ?? '—'} suffix="%" />
            {onTime?.target !== undefined && (
              <Progress
                percent={pct(onTime.value) ?? 0}
                success={{ percent: 0 }}
                format={() => L(`目标 ${pct(onTime.target)}%`, `target ${pct(onTime.target)}%`)}
              />
            )}
          </Figure>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Figure
            title={L('满意度', 'Satisfaction')}
            definition={
              sat?.definition ??
              L('回访与现场确认的满意度平均分(1-5 分,本月)', 'Mean satisfaction from follow-ups and confirmations (1-5, this month)')
            }
          >
            <Statistic value={sat?.value === null || sat?.value === undefined ? '—' : sat.value.toFixed(2)} suffix="/ 5" />
            {sat?.target !== undefined && <div style={{ color: '#888' }}>{L(`目标 ≥ ${sat.target}`, `target ≥ ${sat.target}`)}</div>}
          </Figure>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Figure
            title={L('补贴支出 / 预算', 'Subsidy spent / budget')}
            definition={
              sub?.definition ?? L('已审批结算的补贴金额 ÷ 本年度养老服务补贴预算', 'Approved settlement subsidy ÷ this year’s budget')
            }
          >
            <Statistic value={sub ? fenToYuan(sub.spentFen) : '—'} prefix="¥" />
            {sub && (
              <Progress
                percent={sub.budgetFen ? Math.round((sub.spentFen / sub.budgetFen) * 1000) / 10 : 0}
                format={(p) => L(`${p}% / 预算 ¥${fenToYuan(sub.budgetFen)}`, `${p}% of ¥${fenToYuan(sub.budgetFen)}`)}
              />
            )}
          </Figure>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Figure
            title={L('乡镇居家养老服务中心覆盖', 'Township centre coverage')}
            definition={
              cov?.definition ??
              L(
                '建有居家养老服务中心的乡镇(街道)数 ÷ 乡镇(街道)总数;目标:2022 年底 19 个乡镇全覆盖',
                'Townships with a home-care centre ÷ all townships; target 19/19 by 2022',
              )
            }
          >
            <Statistic value={cov ? cov.covered : '—'} suffix={cov ? `/ ${cov.total}` : ''} />
            {cov && (
              <Progress
                percent={cov.total ? Math.round((cov.covered / cov.total) * 100) : 0}
                status={cov.covered >= (cov.target ?? cov.total) ? 'success' : 'active'}
                format={() =>
                  L(
                    `目标 ${cov.target ?? cov.total}/${cov.total}(${cov.deadline ?? '2022'})`,
                    `target ${cov.target ?? cov.total}/${cov.total} (${cov.deadline ?? '2022'})`,
                  )
                }
              />
            )}
          </Figure>
        </Col>
        <Col xs={24} xl={12}>
          <Figure
            title={L('工单按状态', 'Orders by status')}
            definition={L('当前各状态的服务工单数;点击柱子查看清单', 'Orders per status now; click a bar for the list')}
          >
            {byStatus.length ? (
              <EChart
                option={bar(
                  byStatus.map((s) => ORDER_STATUS_LABELS[s.status as OrderStatus] ?? s.status),
                  byStatus.map((s) => s.count),
                )}
                style={{ height: 300 }}
                onClick={(p) => {
                  const s = byStatus[p.dataIndex ?? -1];
                  if (s) navigate(`/elderly/orders?status=${s.status}`);
                }}
                testId="chart-status"
              />
            ) : (
              <Empty />
            )}
          </Figure>
        </Col>
        <Col xs={24} xl={12}>
          <Figure
            title={L('老人能力等级分布', 'Elders by ability level')}
            definition={L('按最近一次 GB/T 42195-2022 评估的等级统计的服务对象人数', 'Elders by their latest GB/T 42195-2022 level')}
          >
            {levels.length ? (
              <EChart
                option={bar(
                  levels.map((l) => `${l.level} ${ABILITY_LEVEL_NAMES[l.level as 0 | 1 | 2 | 3 | 4] ?? ''}`),
                  levels.map((l) => l.count),
                  {
                    colours: levels.map(
                      (l) =>
                        ({ green: '#52c41a', lime: '#a0d911', gold: '#faad14', orange: '#fa8c16', red: '#f5222d' })[
                          LEVEL_COLORS[l.level]
                        ] ?? '#1677ff',
                    ),
                  },
                )}
                style={{ height: 300 }}
                testId="chart-levels"
              />
            ) : (
              <Empty />
            )}
          </Figure>
        </Col>
        <Col xs={24} xl={12}>
          <Figure
            title={L('工单按乡镇', 'Orders by township')}
            definition={L('服务对象常住地所在乡镇(街道)的工单数', 'Orders by the elder’s township of residence')}
          >
            {byTown.length ? (
              <EChart
                option={bar(
                  byTown.map((t) => t.name ?? regionLabel(t.regionCode).split(' / ').pop() ?? t.regionCode),
                  byTown.map((t) => t.count),
                  { horizontal: true },
                )}
                style={{ height: Math.max(300, byTown.length * 24 + 60) }}
                onClick={(p) => {
                  const t = byTown[p.dataIndex ?? -1];
                  if (t) navigate(`/elderly/orders?regionCode=${t.regionCode}`);
                }}
                testId="chart-townships"
              />
            ) : (
              <Empty />
            )}
          </Figure>
        </Col>
        <Col xs={24} xl={12}>
          <Figure
            title={L('乡镇中心覆盖与补贴执行', 'Coverage and budget')}
            definition={L(
              '左:已建中心的乡镇数与 19 个目标;右:补贴支出与预算(万元)',
              'Left: townships covered vs target 19; right: subsidy spent vs budget (10k yuan)',
            )}
          >
            {cov || sub ? (
              <EChart
                option={{
                  tooltip: { trigger: 'item' },
                  grid: [
                    { left: 48, right: '55%', top: 30, bottom: 30 },
                    { left: '58%', right: 24, top: 30, bottom: 30 },
                  ],
                  xAxis: [
                    { type: 'category', data: [L('已覆盖乡镇', 'Covered')], gridIndex: 0 },
                    { type: 'category', data: [L('补贴支出', 'Spent')], gridIndex: 1 },
                  ],
                  yAxis: [
                    { type: 'value', gridIndex: 0, max: Math.max(cov?.total ?? 19, cov?.target ?? 19) },
                    { type: 'value', gridIndex: 1, name: L('元', '¥') },
                  ],
                  series: [
                    {
                      type: 'bar',
                      xAxisIndex: 0,
                      yAxisIndex: 0,
                      data: [cov?.covered ?? 0],
                      label: { show: true, position: 'top' },
                      markLine: {
                        symbol: 'none',
                        lineStyle: { color: '#cf1322', type: 'dashed' },
                        label: { position: 'insideStartTop', formatter: L(`目标 ${cov?.target ?? 19}`, `target ${cov?.target ?? 19}`) },
                        data: [{ yAxis: cov?.target ?? 19 }],
                      },
                    },
                    {
                      type: 'bar',
                      xAxisIndex: 1,
                      yAxisIndex: 1,
                      data: [Math.round(sub?.spentFen ?? 0) / 100],
                      itemStyle: { color: '#fa8c16' },
                      label: { show: true, position: 'top' },
                      markLine: {
                        symbol: 'none',
                        lineStyle: { color: '#cf1322', type: 'dashed' },
                        label: { position: 'insideStartTop', formatter: L('预算', 'budget') },
                        data: [{ yAxis: Math.round(sub?.budgetFen ?? 0) / 100 }],
                      },
                    },
                  ],
                }}
                style={{ height: 300 }}
                testId="chart-targets"
              />
            ) : (
              <Empty />
            )}
          </Figure>
        </Col>
      </Row>
    </>
  );
}
