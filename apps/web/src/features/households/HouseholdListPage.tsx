import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Input, Table, type TableProps, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { can } from '../../app/permissions';
import { useScope } from '../../app/scope';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { RegionCascader } from '../../shared/regions';
import type { Household, Page } from '../../shared/types';
import { LoadError, PageHeader, QueryForm } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';

const KEYS = ['q', 'regionCode', 'page', 'pageSize'] as const;

export default function HouseholdListPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { scopeCode } = useScope();
  const navigate = useNavigate();
  const [state, update] = useUrlState(KEYS);
  const [form] = Form.useForm<{ q?: string; regionCode?: string | null }>();
  const page = toInt(state.page, 1);
  const pageSize = toInt(state.pageSize, 20);
  const canWrite = can(me?.roles, 'households.write');

  useEffect(() => {
    form.setFieldsValue({ q: state.q ?? '', regionCode: state.regionCode ?? null });
  }, [form, state.q, state.regionCode]);

  const query = useMemo(
    () => ({ q: state.q?.trim() || undefined, regionCode: state.regionCode || scopeCode || undefined }),
    [state.q, state.regionCode, scopeCode],
  );
  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['households', 'list', query, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<Household>>('/households', { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<Household>['columns'] = [
    {
      title: t('households.number'),
      dataIndex: 'householdNumber',
      width: 150,
      render: (n: string | null, h) => (
        <Link to={`/households/${h.id}`} onClick={(e) => e.stopPropagation()}>
          {n ?? h.id.slice(0, 8)}
        </Link>
      ),
    },
    { title: t('households.head'), dataIndex: 'headName', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('households.memberCount'), dataIndex: 'memberCount', width: 90, align: 'right' },
    {
      title: t('people.residenceRegion'),
      dataIndex: 'residenceRegionName',
      ellipsis: true,
      render: (v: string | null, h) => (
        <span>
          {v ?? h.residenceRegionCode} {h.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        </span>
      ),
    },
    { title: t('people.address'), dataIndex: 'address', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('people.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <PageHeader
        title={t('households.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/households/new')}>
              {t('households.new')}
            </Button>
          )
        }
      />
      <QueryForm
        form={form}
        visibleCount={2}
        onSearch={(v) => update({ q: v.q?.trim(), regionCode: v.regionCode ?? undefined, page: undefined })}
        onReset={() => update({ q: undefined, regionCode: undefined, page: undefined })}
        fields={[
          <Form.Item key="q" name="q" style={{ minWidth: 'min(360px, 100%)', flex: '1 1 280px' }}>
            <Input prefix={<SearchOutlined />} allowClear placeholder={t('households.searchPlaceholder')} />
          </Form.Item>,
          <Form.Item key="regionCode" name="regionCode" label={t('people.region')}>
            <RegionCascader rootCode={scopeCode} style={{ width: 260 }} placeholder={t('top.scopePlaceholder')} />
          </Form.Item>,
        ]}
      />
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Flex className="list-toolbar" justify="space-between">
            <Typography.Text type="secondary">{data ? t('common.total', { total: data.total }) : ''}</Typography.Text>
          </Flex>
          <Table<Household>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={isFetching}
            scroll={{ x: 900 }}
            rowClassName={() => 'clickable-row'}
            onRow={(h) => ({ onClick: () => navigate(`/households/${h.id}`) })}
            onChange={(p) =>
              update({ page: p.current === 1 ? undefined : p.current, pageSize: p.pageSize === 20 ? undefined : p.pageSize })
            }
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              size: 'small',
              showTotal: (n) => t('common.total', { total: n }),
            }}
            locale={{
              emptyText: (
                <Empty
                  description={
                    <span>
                      {t('households.emptyTitle')}
                      <br />
                      {t('households.emptyHint')}
                    </span>
                  }
                >
                  {canWrite && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/households/new')}>
                      {t('households.new')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
          />
        </>
      )}
    </>
  );
}
