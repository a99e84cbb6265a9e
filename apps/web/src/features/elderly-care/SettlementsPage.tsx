import { BankOutlined, CalculatorOutlined, CheckOutlined, DollarOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import type { Job } from '@lq/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { api, download } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { JobProgress, jobFinished, useJobInUrl } from '../../shared/JobProgress';
import { PageHeader } from '../../shared/ui';
import { EC, ecApi, getList, type Out } from './api';
import { monthCn, useL, Yuan } from './common';
import { type AdjustTarget, SettlementAdjustModal } from './SettlementAdjustModal';

type SettlementView = Out<'SettlementOut'>;
type SettlementDetailView = Out<'SettlementDetailOut'>;
type Line = Out<'SettlementLineOut'>;
const STATUS = { draft: ['待审批', 'gold'], approved: ['已审批', 'green'], paid: ['已支付', 'blue'] } as const;

export default function SettlementsPage() {
  const L = useL();
  const { me } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [month, setMonth] = useState(monthCn());
  const [open, setOpen] = useState<SettlementView | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  // The run is a background job; its id stays in the URL (?job=) across reloads.
  const [jobId, setJobId] = useJobInUrl();
  const runJob = useQuery({ queryKey: ['jobs', jobId], queryFn: () => api.get<Job>(`/jobs/${jobId}`), enabled: false });
  const [adjust, setAdjust] = useState<AdjustTarget | null>(null);
  const canRun = can(me?.roles, 'elderly.settlements.approve');
  const providers = useQuery({ queryKey: ['ec', 'providers'], queryFn: () => ecApi.providers() });
  const pName = useMemo(() => new Map((providers.data?.items ?? []).map((p) => [p.id, p.name])), [providers.data]);
  const q = useQuery({ queryKey: ['ec', 'settlements', month], queryFn: () => getList<SettlementView>(`${EC}/settlements`, { month }) });
  const detail = useQuery({
    queryKey: ['ec', 'settlement', open?.id],
    queryFn: () => api.get<SettlementDetailView>(`${EC}/settlements/${open?.id}`),
    enabled: !!open,
  });
  const shown: SettlementDetailView | null = open && (detail.data ?? { ...open, lines: [] });

  const run = useMutation({
    // one job settles every provider of the month with cleared visits, reporting progress per provider
    mutationFn: () => api.post<{ job: Job }>(`${EC}/settlements/run?async=1`, { month }),
    onSuccess: (r) => {
      qc.setQueryData(['jobs', r.job.id], r.job);
      setJobId(r.job.id);
    },
    onError: (e) => showError(e),
  });
  const running = run.isPending || (!!jobId && !!runJob.data && !jobFinished(runJob.data));
  const approve = useMutation({
    mutationFn: (s: SettlementView) => api.post<SettlementView>(`${EC}/settlements/${s.id}/approve`, { version: s.version }),
    onSuccess: (s) => {
      void message.success(L('已审批', 'Approved'));
      if (s && typeof s === 'object' && 'id' in s) setOpen((o) => (o && o.id === s.id ? { ...o, ...s } : o));
      void qc.invalidateQueries({ queryKey: ['ec', 'settlements'] });
      void qc.invalidateQueries({ queryKey: ['ec', 'settlement'] });
    },
    onError: (e) => showError(e),
  });
  const pay = useMutation({
    mutationFn: (s: SettlementView) => api.post<SettlementView>(`${EC}/settlements/${s.id}/pay`, { version: s.version }),
    onSuccess: (s) => {
      void message.success(L('已登记支付', 'Marked as paid'));
      setOpen((o) => (o && o.id === s.id ? { ...o, ...s } : o));
      void qc.invalidateQueries({ queryKey: ['ec', 'settlements'] });
      void qc.invalidateQueries({ queryKey: ['ec', 'settlement'] });
    },
    onError: (e) => showError(e),
  });
  const get = async (key: string, path: string, query: Record<string, string> | undefined, name: string) => {
    if (downloading) return;
    setDownloading(key);
    try {
      const n = await download(path, query, name);
      void message.success(L(`已下载 ${n}`, `Downloaded ${n}`));
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(null);
    }
  };
  const items = q.data?.items ?? [];
  const sum = items.reduce(
    (a, s) => ({
      price: a.price + s.totals.priceFen,
      subsidy: a.subsidy + s.totals.subsidyFen,
      self: a.self + s.totals.selfPayFen,
      pay: a.pay + s.totals.payableFen,
    }),
    { price: 0, subsidy: 0, self: 0, pay: 0 },
  );

  return (
    <>
      <PageHeader
        title={L('月度结算', 'Monthly settlement')}
        extra={
          <>
            <DatePicker
              picker="month"
              value={dayjs(`${month}-01`)}
              allowClear={false}
              onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
              data-testid="settlement-month"
            />
            {canRun && (
              <Button
                type="primary"
                icon={<CalculatorOutlined />}
                loading={running}
                disabled={running}
                onClick={() => run.mutate()}
                data-testid="settlement-run"
              >
                {L('生成结算', 'Run settlement')}
              </Button>
            )}
            {canRun && (
              <Button
                icon={<BankOutlined />}
                loading={downloading === `bank-month-${month}`}
                disabled={!!downloading || !items.some((s) => s.status === 'approved')}
                title={L(
                  '本月全部已审批、未支付的结算单合成一个银行代发文件',
                  'One bank file for all approved, unpaid settlements of the month',
                )}
                onClick={() => void get(`bank-month-${month}`, `${EC}/settlements/bank-file`, { month }, `银行代发-${month}-全部机构.csv`)}
                data-testid="settlement-bank-month"
              >
                {L('本月代发文件', 'Month bank file')}
              </Button>
            )}
          </>
        }
      />
      {jobId && (
        <Card size="small" style={{ marginBottom: 8 }} title={L('生成结算', 'Settlement run')} data-testid="settlement-progress">
          <JobProgress
            onFinished={(j) => {
              void qc.invalidateQueries({ queryKey: ['ec', 'settlements'] });
              if (j.status === 'succeeded') void message.success(L(`${month} 结算已生成`, 'Settlement run done'));
            }}
            renderResult={(r) => {
              const o = (r ?? {}) as { month?: string; providers?: number; added?: number };
              return (
                <Typography.Text>
                  {L(
                    `${o.month ?? ''}:${o.providers ?? 0} 家机构,新增 ${o.added ?? 0} 条结算明细`,
                    `${o.month ?? ''}: ${o.providers ?? 0} providers, ${o.added ?? 0} lines added`,
                  )}
                </Typography.Text>
              );
            }}
          />
        </Card>
      )}
      <Table<SettlementView>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        rowClassName={() => 'clickable-row'}
        onRow={(s) => ({ onClick: () => setOpen(s) })}
        locale={{
          emptyText: canRun
            ? L(`${month} 尚未结算,点击“生成结算”`, 'Not run yet: Run settlement')
            : L(`${month} 暂无结算`, 'No settlement yet'),
        }}
        columns={[
          { title: L('服务机构', 'Provider'), render: (_, s) => s.providerName ?? pName.get(s.providerId) ?? s.providerId.slice(0, 8) },
          { title: L('服务次数', 'Lines'), width: 90, render: (_, s) => s.totals.lines },
          { title: L('服务金额(元)', 'Amount'), width: 130, render: (_, s) => <Yuan fen={s.totals.priceFen} /> },
          { title: L('补贴部分', 'Subsidy'), width: 130, render: (_, s) => <Yuan fen={s.totals.subsidyFen} /> },
          { title: L('个人自付', 'Self-pay'), width: 120, render: (_, s) => <Yuan fen={s.totals.selfPayFen} /> },
          {
            title: L('应付机构', 'Payable'),
            width: 130,
            render: (_, s) => (
              <b>
                <Yuan fen={s.totals.payableFen} />
              </b>
            ),
          },
          { title: L('未结算', 'Skipped'), width: 80, render: (_, s) => s.skipped.reduce((a, x) => a + x.count, 0) },
          {
            title: L('状态', 'Status'),
            width: 100,
            render: (_, s) => <Tag color={STATUS[s.status]?.[1]}>{STATUS[s.status]?.[0] ?? s.status}</Tag>,
          },
        ]}
        summary={() =>
          items.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{L('合计', 'Total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2}>
                <Yuan fen={sum.price} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3}>
                <Yuan fen={sum.subsidy} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4}>
                <Yuan fen={sum.self} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5}>
                <Yuan fen={sum.pay} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} colSpan={2} />
            </Table.Summary.Row>
          ) : null
        }
      />
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        size={960}
        title={shown ? `${shown.providerName ?? pName.get(shown.providerId) ?? ''} · ${shown.month}` : ''}
        extra={
          shown && (
            <Flex gap={8}>
              <Button
                icon={<DownloadOutlined />}
                loading={downloading === shown.id}
                disabled={!!downloading}
                onClick={() => void get(shown.id, `${EC}/settlements/${shown.id}/export.xlsx`, undefined, `结算明细-${shown.month}.xlsx`)}
                data-testid="settlement-xlsx"
              >
                {L('下载明细 xlsx', 'Download xlsx')}
              </Button>
              {canRun && shown.status !== 'draft' && (
                <Button
                  icon={<BankOutlined />}
                  loading={downloading === `bank-${shown.id}`}
                  disabled={!!downloading}
                  onClick={() =>
                    void get(`bank-${shown.id}`, `${EC}/settlements/${shown.id}/bank-file`, undefined, `银行代发-${shown.month}.csv`)
                  }
                  data-testid="settlement-bank"
                >
                  {L('银行代发文件', 'Bank file')}
                </Button>
              )}
              {canRun && shown.status === 'approved' && (
                <Popconfirm
                  title={L('确认银行已付款?登记后不可撤销', 'Confirm the bank has paid? This cannot be undone')}
                  onConfirm={() => pay.mutate(shown)}
                  okButtonProps={{ 'data-testid': 'settlement-pay-ok' }}
                >
                  <Button
                    type="primary"
                    icon={<DollarOutlined />}
                    loading={pay.isPending}
                    disabled={pay.isPending}
                    data-testid="settlement-pay"
                  >
                    {L('登记已支付', 'Mark paid')}
                  </Button>
                </Popconfirm>
              )}
              {canRun && shown.status === 'draft' && (
                <Popconfirm
                  title={L('审批后金额锁定,确定审批?', 'Approve and lock the amounts?')}
                  onConfirm={() => approve.mutate(shown)}
                  okButtonProps={{ 'data-testid': 'settlement-approve-ok' }}
                >
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    loading={approve.isPending}
                    disabled={approve.isPending}
                    data-testid="settlement-approve"
                  >
                    {L('审批', 'Approve')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          )
        }
      >
        {shown && (
          <>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={L('状态', 'Status')}>
                <Tag color={STATUS[shown.status]?.[1]} data-testid="settlement-status">
                  {STATUS[shown.status]?.[0] ?? shown.status}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={L('生成时间', 'Run at')}>{formatDateTime(shown.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={L('服务次数', 'Lines')}>{shown.totals.lines}</Descriptions.Item>
              <Descriptions.Item label={L('服务金额', 'Amount')}>
                <Yuan fen={shown.totals.priceFen} />
              </Descriptions.Item>
              <Descriptions.Item label={L('补贴部分', 'Subsidy')}>
                <Yuan fen={shown.totals.subsidyFen} />
              </Descriptions.Item>
              <Descriptions.Item label={L('个人自付', 'Self-pay')}>
                <Yuan fen={shown.totals.selfPayFen} />
              </Descriptions.Item>
              <Descriptions.Item label={L('应付机构', 'Payable')}>
                <Yuan fen={shown.totals.payableFen} />
              </Descriptions.Item>
              <Descriptions.Item label={L('应追回', 'To recover')}>
                <Yuan fen={shown.totals.recoverFen} />
              </Descriptions.Item>
              {shown.approvedAt && (
                <Descriptions.Item label={L('审批时间', 'Approved at')}>{formatDateTime(shown.approvedAt)}</Descriptions.Item>
              )}
              {shown.paidAt && <Descriptions.Item label={L('支付时间', 'Paid at')}>{formatDateTime(shown.paidAt)}</Descriptions.Item>}
            </Descriptions>
            <Table<Line>
              style={{ marginTop: 12 }}
              size="small"
              rowKey={(l) => String(l.id)}
              loading={detail.isLoading}
              dataSource={shown.lines}
              pagination={{ pageSize: 50, size: 'small' }}
              columns={[
                { title: L('日期', 'Date'), dataIndex: 'serviceDate', width: 100 },
                { title: L('老人', 'Elder'), dataIndex: 'personName', width: 80 },
                { title: L('项目', 'Item'), render: (_, l) => l.itemName ?? l.itemCode },
                {
                  title: L('类型', 'Kind'),
                  width: 80,
                  render: (_, l) => (l.kind === 'adjustment' ? <Tag color="orange">{L('调整', 'adj.')}</Tag> : L('服务', 'service')),
                },
                { title: L('单价', 'Price'), width: 90, render: (_, l) => <Yuan fen={l.priceFen} /> },
                { title: L('自付比例', 'Self-pay %'), width: 80, render: (_, l) => `${l.selfPayShareBp / 100}%` },
                { title: L('补贴', 'Subsidy'), width: 90, render: (_, l) => <Yuan fen={l.subsidyFen} /> },
                { title: L('自付', 'Self-pay'), width: 90, render: (_, l) => <Yuan fen={l.selfPayFen} /> },
                {
                  title: L('更正', 'Correction'),
                  width: 150,
                  render: (_, l) =>
                    l.kind === 'adjustment' ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {L(`更正第 ${l.refersToLineId} 行:`, `Corrects line ${l.refersToLineId}: `)}
                        {l.reason}
                      </Typography.Text>
                    ) : canRun && l.id ? (
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() =>
                          setAdjust({
                            settlement: {
                              id: shown.id,
                              providerId: shown.providerId,
                              month: shown.month,
                              status: shown.status,
                              version: shown.version,
                            },
                            line: { ...l, itemName: l.itemName ?? undefined, personName: l.personName ?? undefined },
                          })
                        }
                        data-testid={`settlement-adjust-${l.id}`}
                      >
                        {L('更正', 'Correct')}
                      </Button>
                    ) : null,
                },
              ]}
            />
            {shown.skipped.length > 0 && (
              <>
                <Typography.Title level={5}>{L('未纳入结算', 'Not settled')}</Typography.Title>
                {shown.skipped.map((s) => (
                  <div key={s.reason}>
                    {s.reason}
                    {L(`:${s.count} 次`, `: ${s.count}`)}
                  </div>
                ))}
              </>
            )}
          </>
        )}
      </Drawer>
      <SettlementAdjustModal
        target={adjust}
        onClose={() => setAdjust(null)}
        onDone={(settlementId) => {
          setAdjust(null);
          void qc.invalidateQueries({ queryKey: ['ec', 'settlements'] });
          void qc.invalidateQueries({ queryKey: ['ec', 'settlement'] });
          if (open && settlementId !== open.id)
            void message.info(L('调整行已记入目标月份的结算单,可切换月份查看', 'The line went into the chosen month’s settlement'));
        }}
      />
    </>
  );
}
