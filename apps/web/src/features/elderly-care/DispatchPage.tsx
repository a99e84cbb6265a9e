import { SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { ApiError, api } from '../../shared/api';

import { localise, useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../shared/ui';
import { type DispatchPlan, EC, ecApi, type PlanRoute, type PlanStop } from './api';
import { hhmm, reasonLabel, todayCn, useL } from './common';
import { EChart, type EChartsOption, PALETTE } from './EChart';

interface MoveTarget {
  visitId: string;
  from: string | null;
  label: string;
}

export default function DispatchPage() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [sp] = useSearchParams();
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(sp.get('date') ?? '') ? (sp.get('date') as string) : todayCn()));
  const [providerId, setProviderId] = useState<string | undefined>(me?.providerId ?? undefined);
  const [planId, setPlanId] = useState<string | null>(null);
  const [move, setMove] = useState<MoveTarget | null>(null);
  const [moveForm] = Form.useForm<{ caregiverId: string; reason: string }>();
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  useEffect(() => {
    if (!providerId && providers.data?.items.length) setProviderId(providers.data.items[0].id);
  }, [providerId, providers.data]);
  const caregivers = useQuery({
    queryKey: ['ec', 'caregivers', providerId],
    queryFn: () => ecApi.caregivers({ providerId }),
    enabled: !!providerId,
  });
  const existing = useQuery({
    queryKey: ['ec', 'plans', date, providerId],
    queryFn: () => ecApi.plans({ date, providerId }),
    enabled: !!providerId,
  });
  useEffect(() => {
    const items = existing.data?.items ?? [];
    // the newest plan of the day (a rebuild after publishing supersedes the published one)
    const newest = [...items].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
    setPlanId(newest ? newest.id : null);
  }, [existing.data]);
  const plan = useQuery({ queryKey: ['ec', 'plan', planId], queryFn: () => ecApi.plan(planId ?? ''), enabled: !!planId });
  const visits = useQuery({
    queryKey: ['ec', 'visits', 'dispatch', date, providerId],
    queryFn: () => ecApi.visits({ date, providerId, pageSize: 500 }),
    enabled: !!providerId,
  });
  const visitById = useMemo(() => new Map((visits.data?.items ?? []).map((v) => [v.id, v])), [visits.data]);
  const cgName = useMemo(() => new Map((caregivers.data?.items ?? []).map((c) => [c.id, c.name])), [caregivers.data]);

  const setPlan = (p: DispatchPlan) => {
    qc.setQueryData(['ec', 'plan', p.id], p);
    setPlanId(p.id);
  };
  const build = useMutation({
    mutationFn: () => api.post<DispatchPlan>(`${EC}/dispatch/plans`, { providerId, date, timeLimitMs: 3000 }),
    onSuccess: (p) => {
      setPlan(p);
      void qc.invalidateQueries({ queryKey: ['ec', 'plans'] });
      void message.success(L('已生成派单方案', 'Plan built'));
    },
    onError: (e) => showError(e),
  });
  const doMove = useMutation({
    mutationFn: (v: { caregiverId: string; reason: string }) =>
      api.patch<DispatchPlan>(`${EC}/dispatch/plans/${planId}`, {
        visitId: move?.visitId,
        toCaregiverId: v.caregiverId,
        reason: v.reason,
        version: plan.data?.version,
      }),
    onSuccess: (p) => {
      setPlan(p);
      setMove(null);
      moveForm.resetFields();
      void message.success(L('已改派(已记录)', 'Moved (recorded)'));
    },
    onError: (e) => {
      const d = e instanceof ApiError ? e.details.find((x) => x.field === 'toCaregiverId') : undefined;
      if (d) moveForm.setFields([{ name: 'caregiverId', errors: [localise(d.message)] }]);
      else showError(e);
    },
  });
  const publish = useMutation({
    mutationFn: () => api.post<DispatchPlan>(`${EC}/dispatch/plans/${planId}/publish`, { version: plan.data?.version }),
    onSuccess: (p) => {
      setPlan(p);
      void qc.invalidateQueries({ queryKey: ['ec', 'visits'] });
      void message.success(L('已发布,护理员手机端可见', 'Published to the caregivers'));
    },
    onError: (e) => showError(e),
  });

  const p = plan.data;
  const moveSkill = move ? visitById.get(move.visitId)?.requiredSkill : undefined;
  const routes = p?.routes ?? [];
  const colour = (i: number) => PALETTE[i % PALETTE.length];
  const stopInfo = (s: PlanStop): { name: string; item: string; lat?: number; lng?: number; win: string } => ({
    name: s.personName,
    item: s.itemName || s.itemCode,
    lat: s.location?.lat,
    lng: s.location?.lng,
    win: `${s.windowStart}-${s.windowEnd}`,
  });
  const nameOf = (r: PlanRoute) => r.caregiverName || (cgName.get(r.caregiverId) ?? r.caregiverId.slice(0, 6));
  /** What a re-timed route breaks after a manual move, in the reader's language. */
  const warningText = (w: NonNullable<PlanRoute['warnings']>[number]) => {
    const m = w.minutes;
    switch (w.kind) {
      case 'late':
        return L(`开始晚于时间窗 ${m} 分钟`, `starts ${m} min after its window`);
      case 'shift_overrun':
        return L(`收工超出班次 ${m} 分钟`, `ends ${m} min after the shift`);
      case 'break':
        return L(`休息超出休息时段 ${m} 分钟`, `break ${m} min outside its window`);
      case 'max_work':
        return L(`工作时长超上限 ${m} 分钟`, `${m} min over the daily maximum`);
      case 'no_location':
        return L('老人缺少坐标,路程未计', 'no coordinates, travel not counted');
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the plot depends on the plan, the visits and the names only
  const option = useMemo<EChartsOption>(() => {
    const series: object[] = routes.map((r, i) => {
      const pts: (number[] & { length: 2 })[] = [];
      const data: { value: number[]; name: string; label?: object; symbol?: string; symbolSize?: number }[] = [];
      if (r.home)
        data.push({
          value: [r.home.lng, r.home.lat],
          name: `${nameOf(r)} 出发地`,
          symbol: 'diamond',
          symbolSize: 14,
          label: { show: false },
        });
      r.stops.forEach((s, k) => {
        const inf = stopInfo(s);
        if (inf.lng === undefined || inf.lat === undefined) return;
        pts.push([inf.lng, inf.lat]);
        data.push({ value: [inf.lng, inf.lat], name: `${k + 1}. ${hhmm(s.start)} ${inf.name} ${inf.item}` });
      });
      return {
        name: nameOf(r),
        type: 'line',
        data,
        color: colour(i),
        symbolSize: 10,
        lineStyle: { width: 2 },
        label: {
          show: true,
          formatter: (x: { dataIndex: number }) => String(r.home ? x.dataIndex : x.dataIndex + 1),
          position: 'top',
          fontSize: 10,
        },
        emphasis: { focus: 'series' },
      };
    });
    const un = (p?.unserved ?? [])
      .map((u) => {
        const loc = u.location;
        return loc ? { value: [loc.lng, loc.lat], name: `${u.personName} ${reasonLabel(u.reason)}` } : null;
      })
      .filter(Boolean);
    if (un.length)
      series.push({ name: L('未派', 'Unserved'), type: 'scatter', data: un, color: '#8c8c8c', symbol: 'triangle', symbolSize: 12 });
    return {
      tooltip: { trigger: 'item', formatter: (x: { seriesName: string; name: string }) => `${x.seriesName}<br/>${x.name}` },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: L('经度', 'lng'), scale: true, axisLabel: { formatter: (v: number) => v.toFixed(3) } },
      yAxis: { type: 'value', name: L('纬度', 'lat'), scale: true, axisLabel: { formatter: (v: number) => v.toFixed(3) } },
      series,
    };
  }, [p, visitById, cgName, L]);

  const published = p?.status === 'published';
  const canDispatch = me?.roles.some((r) => r === 'provider_staff' || r === 'township_staff');
  const stats = p?.stats as { servedVisits?: number; unservedVisits?: number; travelMinutes?: number } | undefined;

  return (
    <>
      <PageHeader
        title={L('智能派单', 'Dispatch')}
        extra={
          <>
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
              data-testid="dispatch-date"
            />
            <Select
              style={{ width: 260 }}
              value={providerId}
              onChange={setProviderId}
              placeholder={L('服务机构', 'Provider')}
              showSearch={{ optionFilterProp: 'label' }}
              options={(providers.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
              disabled={!!me?.providerId}
              data-testid="dispatch-provider"
            />
            {canDispatch && (
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                loading={build.isPending}
                disabled={!providerId || build.isPending}
                onClick={() => build.mutate()}
                data-testid="dispatch-build"
              >
                {p ? L('重新生成方案', 'Rebuild plan') : L('生成派单方案', 'Build plan')}
              </Button>
            )}
            {canDispatch && p && !published && (
              <Popconfirm
                title={L('发布后护理员手机端即可看到路线,确定发布?', 'Publish to the caregivers?')}
                onConfirm={() => publish.mutate()}
                okButtonProps={{ 'data-testid': 'dispatch-publish-ok' }}
              >
                <Button icon={<SendOutlined />} loading={publish.isPending} disabled={publish.isPending} data-testid="dispatch-publish">
                  {L('发布', 'Publish')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      {!p ? (
        <Card>
          <Empty
            description={
              build.isPending
                ? L('正在求解路线…', 'Solving…')
                : L(`${date} 尚无派单方案。选择日期和服务机构后点击“生成派单方案”。`, 'No plan for this day yet: build one.')
            }
          />
          {visits.data && (
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              {L(`当天共 ${visits.data.total} 次上门服务待安排`, `${visits.data.total} visits that day`)}
            </Typography.Paragraph>
          )}
        </Card>
      ) : (
        <>
          <Alert
            style={{ marginBottom: 12 }}
            type={published ? 'success' : 'info'}
            showIcon
            data-testid="plan-status"
            title={
              published
                ? L(`方案已发布 ${formatDateTime(p.publishedAt)}`, `Published ${formatDateTime(p.publishedAt)}`)
                : L('方案草稿:可手工改派后发布', 'Draft: move visits by hand, then publish')
            }
            description={
              <Space wrap>
                <span>
                  {L('已安排', 'Served')} <b>{stats?.servedVisits ?? routes.reduce((a, r) => a + r.stops.length, 0)}</b>
                </span>
                <span>
                  {L('未安排', 'Unserved')} <b>{p.unserved.length}</b>
                </span>
                <span>
                  {L('护理员', 'Caregivers')} <b>{routes.filter((r) => r.stops.length).length}</b>
                </span>
                {stats?.travelMinutes !== undefined && (
                  <span>
                    {L('路程合计', 'Travel')} <b>{stats.travelMinutes}</b> {L('分钟', 'min')}
                  </span>
                )}
              </Space>
            }
          />
          <Row gutter={12}>
            <Col xs={24} xl={12}>
              <Card size="small" title={L('路线图(经纬度)', 'Route plot (lng/lat)')} style={{ marginBottom: 12 }}>
                <EChart option={option} style={{ height: 480 }} testId="dispatch-plot" />
              </Card>
              <Card
                size="small"
                title={L(`未安排的服务(${p.unserved.length})`, `Unserved (${p.unserved.length})`)}
                style={{ marginBottom: 12 }}
              >
                <Table
                  size="small"
                  rowKey="visitId"
                  pagination={false}
                  dataSource={p.unserved}
                  locale={{ emptyText: L('全部已安排', 'All visits planned') }}
                  data-testid="unserved"
                  columns={[
                    {
                      title: L('老人', 'Elder'),
                      render: (_, u) => u.personName ?? visitById.get(u.visitId)?.personName ?? u.visitId.slice(0, 6),
                    },
                    { title: L('项目', 'Item'), render: (_, u) => u.itemName ?? visitById.get(u.visitId)?.itemName ?? '' },
                    {
                      title: L('原因', 'Reason'),
                      dataIndex: 'reason',
                      render: (r: string, u) => (
                        <Tooltip title={u.message}>
                          <Tag color="orange">{reasonLabel(r)}</Tag>
                        </Tooltip>
                      ),
                    },
                    ...(canDispatch && !published
                      ? [
                          {
                            title: '',
                            render: (_: unknown, u: DispatchPlan['unserved'][number]) => (
                              <Button
                                size="small"
                                onClick={() =>
                                  setMove({
                                    visitId: u.visitId,
                                    from: null,
                                    label: u.personName ?? visitById.get(u.visitId)?.personName ?? '',
                                  })
                                }
                              >
                                {L('手工指派', 'Assign')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              {routes.map((r, i) => (
                <Card
                  key={r.caregiverId}
                  size="small"
                  style={{ marginBottom: 12, borderInlineStart: `4px solid ${colour(i)}` }}
                  data-testid="route-card"
                  title={
                    <Flex gap={8} align="center">
                      <span style={{ width: 10, height: 10, borderRadius: 5, background: colour(i), display: 'inline-block' }} />
                      {nameOf(r)}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.stops.length} {L('单', 'visits')}
                        {r.departure !== undefined && r.departure !== null && ` · ${hhmm(r.departure)}-${hhmm(r.arrival ?? null)}`}
                        {r.travelMinutes !== undefined && ` · ${L('路程', 'travel')} ${r.travelMinutes} ${L('分钟', 'min')}`}
                      </Typography.Text>
                      {!!r.warnings?.length && (
                        <Tag color="red" data-testid="route-warning">
                          {L(`${r.warnings.length} 项冲突`, `${r.warnings.length} conflicts`)}
                        </Tag>
                      )}
                    </Flex>
                  }
                >
                  {!!r.warnings?.length && (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 8 }}
                      title={L('人工调整后,该路线不再满足以下条件,请再调整或确认后发布:', 'After the manual change this route breaks:')}
                      description={
                        <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="route-warnings">
                          {r.warnings.map((w) => (
                            <li key={`${w.kind}-${w.visitId ?? ''}`} title={w.message}>
                              {w.visitId ? `${r.stops.find((s) => s.visitId === w.visitId)?.personName ?? ''}:` : ''}
                              {warningText(w)}
                            </li>
                          ))}
                        </ul>
                      }
                    />
                  )}
                  {r.stops.length === 0 ? (
                    <Typography.Text type="secondary">{L('当天无安排', 'Nothing planned')}</Typography.Text>
                  ) : (
                    <Table<PlanStop>
                      size="small"
                      rowKey="visitId"
                      pagination={false}
                      dataSource={r.stops}
                      columns={[
                        { title: '#', width: 36, render: (_, _s, k) => k + 1 },
                        { title: L('时间', 'Time'), width: 110, render: (_, s) => `${hhmm(s.start)}-${hhmm(s.end)}` },
                        {
                          title: L('老人 / 项目', 'Elder / item'),
                          render: (_, s) => {
                            const inf = stopInfo(s);
                            return (
                              <span>
                                {inf.name} · {inf.item} {s.manual && <Tag color="purple">{L('手工', 'manual')}</Tag>}
                                {r.warnings
                                  ?.filter((w) => w.visitId === s.visitId)
                                  .map((w) => (
                                    <Tag
                                      color={w.kind === 'late' ? 'red' : 'orange'}
                                      key={w.kind}
                                      title={w.message}
                                      data-testid="stop-warning"
                                    >
                                      {w.kind === 'late' ? L(`晚 ${w.minutes} 分`, `late ${w.minutes} min`) : warningText(w)}
                                    </Tag>
                                  ))}
                              </span>
                            );
                          },
                        },
                        { title: L('时间窗', 'Window'), width: 100, render: (_, s) => stopInfo(s).win },
                        ...(canDispatch && !published
                          ? [
                              {
                                title: '',
                                width: 70,
                                render: (_: unknown, s: PlanStop) => (
                                  <Button
                                    size="small"
                                    type="link"
                                    onClick={() => setMove({ visitId: s.visitId, from: r.caregiverId, label: stopInfo(s).name })}
                                    data-testid="move-visit"
                                  >
                                    {L('改派', 'Move')}
                                  </Button>
                                ),
                              },
                            ]
                          : []),
                      ]}
                    />
                  )}
                </Card>
              ))}
              {(p.moves?.length ?? 0) > 0 && (
                <Card size="small" title={L('手工改派记录', 'Manual moves')}>
                  {p.moves?.map((m) => (
                    <div key={`${m.visitId}${m.at}`}>
                      {formatDateTime(m.at)} {visitById.get(m.visitId)?.personName ?? m.visitId.slice(0, 6)}:
                      {m.from ? (cgName.get(m.from) ?? '') : L('未派', 'unserved')} →{' '}
                      {m.to ? (cgName.get(m.to) ?? m.to.slice(0, 6)) : L('未派', 'unserved')}({m.reason})
                    </div>
                  ))}
                </Card>
              )}
            </Col>
          </Row>
        </>
      )}
      <Modal
        open={!!move}
        title={L(`改派:${move?.label ?? ''}`, `Move: ${move?.label ?? ''}`)}
        onCancel={() => setMove(null)}
        onOk={() =>
          moveForm.validateFields().then(
            (v) => doMove.mutate(v),
            () => undefined,
          )
        }
        okButtonProps={{ loading: doMove.isPending, 'data-testid': 'move-ok' }}
        destroyOnHidden
      >
        <Form form={moveForm} layout="vertical" preserve={false}>
          <Form.Item
            name="caregiverId"
            label={L('改派给', 'To caregiver')}
            rules={[{ required: true, message: L('请选择护理员', 'Pick a caregiver') }]}
          >
            <Select
              data-testid="move-caregiver"
              options={(caregivers.data?.items ?? [])
                .filter((c) => c.id !== move?.from && c.status === 'active' && !c.blacklisted)
                .filter((c) => !moveSkill || c.skills.includes(moveSkill as never))
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={L('改派理由(将记录)', 'Reason (recorded)')}
            rules={[{ required: true, whitespace: true, message: L('请填写理由', 'Give a reason') }]}
          >
            <Input maxLength={300} data-testid="move-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
