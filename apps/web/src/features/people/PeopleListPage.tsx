import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { TAG_SUGGESTIONS } from '@lq/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Input, Select, Table, type TableProps, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { can } from '../../app/permissions';
import { useScope } from '../../app/scope';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { RegionCascader } from '../../shared/regions';
import type { Page, Person } from '../../shared/types';
import { ExportButton, LoadError, PageHeader, QueryForm } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';
import { PersonTags } from './common';

const KEYS = ['q', 'regionCode', 'tag', 'sort', 'order', 'page', 'pageSize'] as const;
type SortField = 'name' | 'age' | 'updatedAt' | 'regionCode';

interface Filters {
  q?: string;
  regionCode?: string | null;
  tag?: string;
}

export default function PeopleListPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { scopeCode } = useScope();
  const navigate = useNavigate();
  const [state, update] = useUrlState(KEYS);
  const [form] = Form.useForm<Filters>();
  const page = toInt(state.page, 1);
  const pageSize = toInt(state.pageSize, 20);
  const canWrite = can(me?.roles, 'people.write');

  // keep the form in step with the URL (back button, links)
  useEffect(() => {
    form.setFieldsValue({ q: state.q ?? '', regionCode: state.regionCode ?? null, tag: state.tag });
  }, [form, state.q, state.regionCode, state.tag]);

  const query = useMemo(
    () => ({
      q: state.q?.trim() || undefined,
      regionCode: state.regionCode || scopeCode || undefined,
      tag: state.tag || undefined,
      sort: state.sort,
      order: state.order,
    }),
    [state.q, state.regionCode, state.tag, state.sort, state.order, scopeCode],
  );

  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['people', 'list', query, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<Person>>('/people', { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const sortOrder = (field: SortField) =>
    state.sort === field ? (state.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

  const columns: TableProps<Person>['columns'] = [
    {
      title: t('people.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      fixed: 'left',
      width: 120,
      render: (name: string, p) => (
        <Link to={`/people/${p.id}`} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    { title: t('people.sex'), dataIndex: 'sex', width: 64, render: (s: string) => t(s === 'F' ? 'sex.F' : 'sex.M') },
    {
      // age only: a birth date beside the masked ID number would complete it (sorted by birth year)
      title: t('people.age'),
      key: 'age',
      dataIndex: 'age',
      sorter: true,
      sortOrder: sortOrder('age'),
      width: 80,
      render: (n: number) => <span style={{ whiteSpace: 'nowrap' }}>{t('common.years', { n })}</span>,
    },
    { title: t('people.idNumber'), dataIndex: 'idNumber', width: 190, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('people.phone'),
      dataIndex: 'phone',
      width: 130,
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
    },
    {
      title: t('people.residenceRegion'),
      key: 'regionCode',
      dataIndex: 'residenceRegionName',
      sorter: true,
      sortOrder: sortOrder('regionCode'),
      width: 200,
      ellipsis: true,
      render: (name: string | null, p) => name ?? t('people.outside', { code: p.residenceRegionCode }),
    },
    { title: t('people.tags'), dataIndex: 'tags', render: (tags: string[], p) => <PersonTags tags={tags} deathDate={p.deathDate} /> },
    {
      title: t('people.updatedAt'),
      key: 'updatedAt',
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
  ];

  const onTableChange: TableProps<Person>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = sorter as SorterResult<Person>;
      update({
        sort: s.order ? String(s.columnKey) : undefined,
        order: s.order === 'descend' ? 'desc' : s.order === 'ascend' ? 'asc' : undefined,
        page: undefined,
      });
    } else if (extra.action === 'paginate') {
      update({
        page: pagination.current === 1 ? undefined : pagination.current,
        pageSize: pagination.pageSize === 20 ? undefined : pagination.pageSize,
      });
    }
  };

  const totalText = data
    ? data.totalCapped
      ? t('common.totalCapped', { total: data.total })
      : t('common.total', { total: data.total })
    : '';

  const filtered = !!(query.q || state.regionCode || query.tag);

  return (
    <>
      <PageHeader
        title={t('people.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/people/new')}>
              {t('people.new')}
            </Button>
          )
        }
      />
      <QueryForm<Filters>
        form={form}
        visibleCount={1}
        hiddenInUse={!!(state.regionCode || state.tag)}
        onSearch={(v) => update({ q: v.q?.trim(), regionCode: v.regionCode ?? undefined, tag: v.tag, page: undefined })}
        onReset={() => update({ q: undefined, regionCode: undefined, tag: undefined, page: undefined, sort: undefined, order: undefined })}
        fields={[
          <Form.Item key="q" name="q" style={{ minWidth: 'min(420px, 100%)', flex: '1 1 320px' }}>
            <Input
              prefix={<SearchOutlined />}
              placeholder={t('people.searchPlaceholder')}
              allowClear
              aria-label={t('people.searchPlaceholder')}
              data-testid="people-search"
            />
          </Form.Item>,
          <Form.Item key="regionCode" name="regionCode" label={t('people.region')}>
            <RegionCascader rootCode={scopeCode} style={{ width: 260 }} placeholder={t('top.scopePlaceholder')} />
          </Form.Item>,
          <Form.Item key="tag" name="tag" label={t('people.tag')}>
            <Select
              allowClear
              showSearch
              style={{ width: 160 }}
              options={TAG_SUGGESTIONS.map((x) => ({ value: x, label: x }))}
              placeholder={t('common.all')}
            />
          </Form.Item>,
        ]}
      />
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Flex className="list-toolbar" justify="space-between" align="center" wrap gap={8}>
            <Typography.Text type="secondary" data-testid="result-count">
              {totalText}
              {state.tag && (
                <Tag style={{ marginInlineStart: 8 }} closable onClose={() => update({ tag: undefined, page: undefined })}>
                  {state.tag}
                </Tag>
              )}
            </Typography.Text>
            <ExportButton path="/people/export" query={query} fileName="人员档案.xlsx" />
          </Flex>
          <Table<Person>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={isFetching}
            onChange={onTableChange}
            scroll={{ x: 1100 }}
            rowClassName={() => 'clickable-row'}
            onRow={(p) => ({ onClick: () => navigate(`/people/${p.id}`) })}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: () => totalText,
              size: 'small',
            }}
            locale={{
              emptyText: (
                <Empty
                  description={
                    <span>
                      {t('people.emptyTitle')}
                      <br />
                      {filtered ? t('people.emptyHint') : ''} {canWrite ? t('people.emptyCreate') : ''}
                    </span>
                  }
                >
                  {canWrite && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/people/new')}>
                      {t('people.new')}
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
