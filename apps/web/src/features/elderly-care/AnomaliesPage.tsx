import type { Job } from '@lq/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { JobProgress, jobFinished, useJobInUrl } from '../../shared/JobProgress';
import { PageHeader } from '../../shared/ui';
import { EC, type AnomalyFlagView as FlagView, getList } from './api';
import { AnomalyTag, hhmm, monthCn, useL } from './common';

/** Findings fetched at most (newest first); grouped by visit on the page. */
const LIST_LIMIT = 1000;

function ElderName({ personId, name }: { personId?: string | null; name?: string | null }) {
  const { me } = useAuth();
  if (!name) return <span>—</span>;
  if (!personId || !can(me?.roles, 'people.read')) return <span>{name}</span>;
  return <Link to={`/people/${personId}`}>{name}</Link>;
}

/** Check-in/out times, the duration against the standard and the distance from the elder's address. */
function CheckFigures({ g }: { g: VisitGroup }) {
  const L = useL();
  const v = g.first.visit;
  if (!v?.checkInAt) return <span>—</span>;
  const mins = v.durationMin ?? (v.checkOutAt ? Math.round((Date.parse(v.checkOutAt) - Date.parse(v.checkInAt)) / 60_000) : null);
  const far = g.flags.some((f) => f.code === 'CHECKIN_FAR');
  const short = g.flags.some((f) => f.code === 'DURATION_SHORT');
  const maxM = g.flags.find((f) => f.code === 'CHECKIN_FAR')?.details?.maxDistanceM;
  const small = { display: 'block', fontSize: 12 } as const;
  return (
    <span data-testid="anomaly-figures">
      {hhmm(v.checkInAt)}–{hhmm(v.checkOutAt)}
      {mins !== null && (
        <Typography.Text type={short ? 'danger' : 'secondary'} style={small}>
          {L(`${mins} 分钟(标准 ${v.standardDurationMin ?? '—'})`, `${mins} min (std ${v.standardDurationMin ?? '—'})`)}
        </Typography.Text>
      )}
      {v.checkInDistanceM !== null && v.checkInDistanceM !== undefined && (
        <Typography.Text type={far ? 'danger' : 'secondary'} style={small}>
          {L(`距住址 ${v.checkInDistanceM} 米`, `${v.checkInDistanceM} m from home`)}
          {typeof maxM === 'number' ? L(`(限 ${maxM})`, ` (max ${maxM})`) : ''}
        </Typography.Text>
      )}
    </span>
  );
}

interface VisitGroup {
  visitId: string;
  flags: FlagView[];
  first: FlagView;
}
const DECISION = { cleared: ['审核通过', 'green'], confirmed: ['不予结算', 'red'] } as const;

export default function AnomaliesPage() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [status, setStatus] = useState('open');
  const [deciding, setDeciding] = useState<{ g: VisitGroup; decision: 'cleared' | 'confirmed' } | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const canDecide = me?.roles.some((r) => r === 'auditor' || r === 'county_staff');
  const q = useQuery({
    queryKey: ['ec', 'anomalies', status],
    queryFn: () => getList<FlagView>(`${EC}/anomalies`, { status, limit: LIST_LIMIT }),
    placeholderData: keepPreviousData,
  });
  const groups = useMemo(() => {
    const m = new Map<string, VisitGroup>();
    for (const f of q.data?.items ?? []) {
      const g = m.get(f.visitId);
      if (g) g.flags.push(f);
      else m.set(f.visitId, { visitId: f.visitId, flags: [f], first: f });
    }
    return [...m.values()];
  }, [q.data]);

  // The on-demand check runs as a background job; its id stays in the URL (?job=) across reloads.
  const [checkMonth, setCheckMonth] = useState(monthCn());
  const [jobId, setJobId] = useJobInUrl();
  const job = useQuery({ queryKey: ['jobs', jobId], queryFn: () => api.get<Job>(`/jobs/${jobId}`), enabled: false });
  const startCheck = useMutation({
    mutationFn: () => api.post<{ job: Job }>(`${EC}/anomalies/run?async=1`, { month: checkMonth }),
    onSuccess: (r) => {
      qc.setQueryData(['jobs', r.job.id], r.job);
      setJobId(r.job.id);
    },
    onError: (e) => showError(e),
  });
  const checking = startCheck.isPending || (!!jobId && !!job.data && !jobFinished(job.data));

  const decide = useMutation({
    mutationFn: async (v: { g: VisitGroup; decision: 'cleared' | 'confirmed'; note: string }) => {
      const visit = await api.get<{ version: number }>(`${EC}/visits/${v.g.visitId}`);
      await api.post(`${EC}/anomalies/visits/${v.g.visitId}/decide`, {
        decision: v.decision === 'cleared' ? 'clear' : 'reject',
        note: v.note,
        version: visit.version,
      });
    },
    onSuccess: (_, v) => {
      void message.success(v.decision === 'cleared' ? L('已审核通过', 'Cleared') : L('已确认异常,不予结算', 'Rejected'));
      setDeciding(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['ec', 'anomalies'] });
    },
    onError: (e) => showError(e),
  });

  return (
    <>
      <PageHeader
        title={L('服务审核(异常)', 'Audit of flagged visits')}
        extra={
          canDecide && (
            <>
              <DatePicker
                picker="month"
                value={dayjs(`${checkMonth}-01`)}
                allowClear={false}
                onChange={(d) => d && setCheckMonth(d.format('YYYY-MM'))}
              />
              <Button type="primary" loading={checking} disabled={checking} onClick={() => startCheck.mutate()} data-testid="anomaly-run">
                {L('运行异常检查', 'Run anomaly check')}
              </Button>
            </>
          )
        }
      />
      {jobId && (
        <Card size="small" style={{ marginBottom: 8 }} title={L('异常检查', 'Anomaly check')}>
          <JobProgress
            onFinished={(j) => {
              void qc.invalidateQueries({ queryKey: ['ec', 'anomalies'] });
              if (j.status === 'succeeded') void message.success(L('异常检查已完成', 'Anomaly check done'));
            }}
            renderResult={(r) => {
              const o = (r ?? {}) as { month?: string; checked?: number; newFindings?: number; flagged?: number; cleared?: number };
              return (
                <Typography.Text data-testid="anomaly-run-result">
                  {L(
                    `${o.month ?? ''}:检查 ${o.checked ?? 0} 次服务,新发现异常 ${o.newFindings ?? 0} 条,新标记 ${o.flagged ?? 0} 次服务,自动通过 ${o.cleared ?? 0} 次`,
                    `${o.month ?? ''}: ${o.checked ?? 0} visits checked, ${o.newFindings ?? 0} new findings, ${o.flagged ?? 0} flagged, ${o.cleared ?? 0} cleared`,
                  )}
                </Typography.Text>
              );
            }}
          />
        </Card>
      )}
      <Flex justify="space-between" style={{ marginBottom: 8 }} wrap gap={8}>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          optionType="button"
          options={[
            { value: 'open', label: L('待审核', 'Open') },
            { value: 'cleared', label: L('已通过', 'Cleared') },
            { value: 'confirmed', label: L('不予结算', 'Rejected') },
          ]}
        />
        <Typography.Text type="secondary">
          {L(`${groups.length} 次服务`, `${groups.length} visits`)}
          {(q.data?.items.length ?? 0) >= LIST_LIMIT ? L(`(仅最近 ${LIST_LIMIT} 条异常)`, ` (latest ${LIST_LIMIT} findings)`) : ''}
        </Typography.Text>
      </Flex>
      <Table<VisitGroup>
        rowKey="visitId"
        size="small"
        loading={q.isFetching}
        dataSource={groups}
        scroll={{ x: 'max-content' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, size: 'small', showTotal: (t) => L(`共 ${t} 次服务`, `${t} visits`) }}
        locale={{ emptyText: status === 'open' ? L('没有待审核的异常服务', 'No flagged visits to review') : L('暂无记录', 'Nothing here') }}
        columns={[
          {
            title: L('老人', 'Elder'),
            width: 90,
            fixed: 'left',
            render: (_, g) => <ElderName personId={g.first.visit?.personId} name={g.first.visit?.personName} />,
          },
          {
            title: L('服务日期', 'Date'),
            width: 100,
            sorter: (a, b) => (a.first.visit?.serviceDate ?? '').localeCompare(b.first.visit?.serviceDate ?? ''),
            render: (_, g) => g.first.visit?.serviceDate ?? '—',
          },
          {
            title: L('项目', 'Item'),
            width: 110,
            render: (_, g) => g.first.visit?.itemName ?? g.first.visit?.itemCode ?? '—',
          },
          {
            title: L('机构 / 护理员', 'Provider / caregiver'),
            width: 200,
            render: (_, g) => (
              <span data-testid="anomaly-who">
                {[g.first.visit?.providerName, g.first.visit?.caregiverName].filter(Boolean).join(' / ') || '—'}
              </span>
            ),
          },
          {
            title: L('签到 / 签退 / 距离', 'In / out / distance'),
            width: 160,
            render: (_, g) => <CheckFigures g={g} />,
          },
          {
            title: L('异常原因', 'Anomalies'),
            width: 260,
            render: (_, g) => (
              <div data-testid="anomaly-reasons">
                {g.flags.map((f) => (
                  <div key={f.id}>
                    <AnomalyTag code={f.code} message={f.message} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {f.message}
                    </Typography.Text>
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: status === 'open' ? L('操作', 'Actions') : L('审核意见', 'Decision'),
            width: 200,
            render: (_, g) =>
              status === 'open' ? (
                canDecide && (
                  <Flex gap={4}>
                    <Button size="small" type="primary" onClick={() => setDeciding({ g, decision: 'cleared' })} data-testid="anomaly-clear">
                      {L('审核通过', 'Clear')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ g, decision: 'confirmed' })} data-testid="anomaly-reject">
                      {L('不予结算', 'Reject')}
                    </Button>
                  </Flex>
                )
              ) : (
                <span>
                  <Tag color={DECISION[g.first.status as 'cleared' | 'confirmed']?.[1]}>
                    {DECISION[g.first.status as 'cleared' | 'confirmed']?.[0] ?? g.first.status}
                  </Tag>
                  {g.first.reviewNote}
                  <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(g.first.reviewedAt)}</div>
                </span>
              ),
          },
        ]}
      />
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'cleared' ? L('审核通过(可结算)', 'Clear (payable)') : L('确认异常,不予结算', 'Reject (not payable)')}
        onCancel={() => setDeciding(null)}
        onOk={() =>
          form.validateFields().then(
            (v) => deciding && decide.mutate({ ...deciding, note: v.note }),
            () => undefined,
          )
        }
        okButtonProps={{ danger: deciding?.decision === 'confirmed', loading: decide.isPending, 'data-testid': 'anomaly-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="note"
            label={L('审核意见(必填)', 'Note (required)')}
            rules={[{ required: true, whitespace: true, message: L('请填写审核意见', 'A note is required') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="anomaly-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
