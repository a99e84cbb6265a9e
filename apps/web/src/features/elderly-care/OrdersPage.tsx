import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { APPLICATION_CHANNEL_LABELS, ORDER_STATUS_LABELS, ORDER_STATUSES } from '@lq/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Input, Select, Table, type TableProps, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { can } from '../../app/permissions';
import { useScope } from '../../app/scope';
import { formatDateTime } from '../../shared/format';
import { RegionCascader, useRegionLabel } from '../../shared/regions';
import { ExportButton, LoadError, PageHeader, QueryForm } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';
import { EC, getList, type OrderView } from './api';
import { OrderStatusTag, useL } from './common';
import { frequencyText } from './format';

const KEYS = ['q', 'status', 'regionCode', 'page', 'pageSize'] as const;
interface Filters {
  q?: string;
  status?: string;
  regionCode?: string | null;
}

export default function OrdersPage() {
  const L = useL();
  const { me } = useAuth();
  const { scopeCode } = useScope();
  const regionLabel = useRegionLabel();
  const navigate = useNavigate();
  const [state, update] = useUrlState(KEYS);
  const [form] = Form.useForm<Filters>();
  const page = toInt(state.page, 1);
  const pageSize = toInt(state.pageSize, 20);
  const canApply = can(me?.roles, 'elderly.apply');

  useEffect(() => {
    form.setFieldsValue({ q: state.q ?? '', status: state.status, regionCode: state.regionCode ?? null });
  }, [form, state.q, state.status, state.regionCode]);

  const query = useMemo(
    () => ({ q: state.q?.trim() || undefined, status: state.status || undefined, regionCode: state.regionCode || scopeCode || undefined }),
    [state.q, state.status, state.regionCode, scopeCode],
  );
  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['ec', 'orders', query, page, pageSize],
    queryFn: ({ signal }) => getList<OrderView>(`${EC}/orders`, { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<OrderView>['columns'] = [
    { title: L('工单号', 'Number'), dataIndex: 'number', width: 150, render: (v: string) => <span className="mono">{v}</span> },
    { title: L('老人', 'Elder'), dataIndex: 'personName', width: 100 },
    { title: L('所在地', 'Region'), dataIndex: 'regionCode', ellipsis: true, render: (c: string) => regionLabel(c) },
    {
      title: L('服务项目', 'Services'),
      dataIndex: 'items',
      render: (items: OrderView['items'] | undefined) =>
        (items ?? []).map((i) => (
          <div key={i.itemCode + JSON.stringify(i.frequency)}>
            {i.itemName} <Typography.Text type="secondary">{frequencyText(i.frequency)}</Typography.Text>
          </div>
        )),
    },
    {
      title: L('渠道', 'Channel'),
      dataIndex: 'channel',
      width: 120,
      render: (c: keyof typeof APPLICATION_CHANNEL_LABELS) => APPLICATION_CHANNEL_LABELS[c] ?? c,
    },
    { title: L('服务机构', 'Provider'), dataIndex: 'providerName', width: 180, ellipsis: true, render: (v?: string | null) => v ?? '—' },
    { title: L('状态', 'Status'), dataIndex: 'status', width: 100, render: (s: string) => <OrderStatusTag status={s} /> },
    { title: L('申请时间', 'Created'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];
  const total = data?.total ?? 0;
  return (
    <>
      <PageHeader
        title={L('服务申请与工单', 'Applications and orders')}
        extra={
          canApply && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/elderly/orders/new')} data-testid="new-application">
              {L('代为申请', 'New application')}
            </Button>
          )
        }
      />
      <QueryForm<Filters>
        form={form}
        visibleCount={2}
        hiddenInUse={!!state.regionCode}
        onSearch={(v) => update({ q: v.q?.trim(), status: v.status, regionCode: v.regionCode ?? undefined, page: undefined })}
        onReset={() => update({ q: undefined, status: undefined, regionCode: undefined, page: undefined })}
        fields={[
          <Form.Item key="q" name="q" style={{ minWidth: 'min(320px, 100%)' }}>
            <Input prefix={<SearchOutlined />} allowClear placeholder={L('姓名、拼音或工单号', 'Name, pinyin or number')} />
          </Form.Item>,
          <Form.Item key="status" name="status" label={L('状态', 'Status')}>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={L('全部', 'All')}
              options={ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_LABELS[s] }))}
              data-testid="order-status-filter"
            />
          </Form.Item>,
          <Form.Item key="regionCode" name="regionCode" label={L('区域', 'Region')}>
            <RegionCascader rootCode={scopeCode} style={{ width: 260 }} />
          </Form.Item>,
        ]}
      />
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Flex className="list-toolbar" justify="space-between" align="center" wrap gap={8}>
            <Typography.Text type="secondary">{L(`共 ${total} 条`, `${total} results`)}</Typography.Text>
            <ExportButton path={`${EC}/orders/export`} query={query} fileName="养老服务工单.xlsx" />
          </Flex>
          <Table<OrderView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={isFetching}
            scroll={{ x: 1000 }}
            rowClassName={() => 'clickable-row'}
            onRow={(o) => ({ onClick: () => navigate(`/elderly/orders/${o.id}`) })}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: true,
              size: 'small',
              onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
            }}
            locale={{
              emptyText: (
                <Empty
                  description={
                    canApply
                      ? L('暂无工单,可点击“代为申请”为老人提交服务申请', 'No orders yet: use New application')
                      : L('暂无工单', 'No orders')
                  }
                />
              ),
            }}
          />
        </>
      )}
    </>
  );
}
