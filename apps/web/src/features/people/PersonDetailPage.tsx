import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import { can } from '../../app/permissions';
import { api } from '../../shared/api';
import { formatDateTime, formatValue } from '../../shared/format';
import { useRegionLabel } from '../../shared/regions';
import type { FactChange, Household, HouseholdMember, Person } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';
import { PersonTags, RevealField } from './common';

/** Person fields as they appear in the change history. */
export const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'people.name',
  idNumber: 'people.idNumber',
  phone: 'people.phone',
  registeredRegionCode: 'people.registeredRegion',
  residenceRegionCode: 'people.residenceRegion',
  address: 'people.address',
  ethnicity: 'people.ethnicity',
  disabilityCategory: 'people.disabilityCategory',
  disabilityGrade: 'people.disabilityGrade',
  health: 'people.health',
  seriousIllnesses: 'people.seriousIllnesses',
  labourCapacity: 'people.labourCapacity',
  livingArrangement: 'people.livingArrangement',
  tags: 'people.tags',
  deathDate: 'people.deathDate',
  householdId: 'people.household',
  relationToHead: 'people.relationToHead',
  birthDate: 'people.birthDate',
  sex: 'people.sex',
};

function History({ id }: { id: string }) {
  const { t, enumLabel } = useI18n();
  const regionLabel = useRegionLabel();
  const { data, isLoading, error } = useQuery({
    queryKey: ['people', id, 'history'],
    queryFn: () => api.get<FactChange[]>(`/people/${id}/history`),
  });
  if (isLoading) return <Skeleton active />;
  if (error) return <LoadError error={error} />;
  if (!data?.length) return <Empty description={t('people.noHistory')} />;

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'string') {
      if (field === 'disabilityCategory') return enumLabel('disability', v);
      if (field === 'health') return enumLabel('health', v);
      if (field === 'labourCapacity') return enumLabel('labour', v);
      if (field === 'livingArrangement') return enumLabel('living', v);
      if (field === 'relationToHead') return enumLabel('relation', v);
      if (field.endsWith('RegionCode')) return regionLabel(v);
    }
    return formatValue(v);
  };
  // newest first
  const items = [...data].sort((a, b) => (a.changedAt < b.changedAt ? 1 : a.changedAt > b.changedAt ? -1 : b.version - a.version));
  return (
    <Timeline
      data-testid="history"
      items={items.map((c) => ({
        key: c.id,
        title: (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.changedAt)} · {t('people.historyVersion', { n: c.version })}
          </Typography.Text>
        ),
        content: t('people.historyItem', {
          user: c.changedBy ?? t('common.unknown'),
          field: FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field]) : c.field,
          old: show(c.field, c.oldValue),
          new: show(c.field, c.newValue),
        }),
      }))}
    />
  );
}

function Family({ person }: { person: Person }) {
  const { t, enumLabel } = useI18n();
  const navigate = useNavigate();
  const { me } = useAuth();
  const { data, isLoading, error } = useQuery({
    queryKey: ['households', person.householdId],
    queryFn: () => api.get<Household>(`/households/${person.householdId}`),
    enabled: !!person.householdId,
  });
  if (!person.householdId) {
    return (
      <Empty description={t('people.noHousehold')}>
        {can(me?.roles, 'households.write') && (
          <Button icon={<PlusOutlined />} onClick={() => navigate(`/households/new?personId=${person.id}`)}>
            {t('people.addToHousehold')}
          </Button>
        )}
      </Empty>
    );
  }
  if (isLoading) return <Skeleton active />;
  if (error || !data) return <LoadError error={error} />;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('households.number')}>
          <Link to={`/households/${data.id}`}>{data.householdNumber ?? data.id.slice(0, 8)}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('households.head')}>{data.headName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('people.address')}>{data.address ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Table<HouseholdMember>
        rowKey="personId"
        size="small"
        pagination={false}
        dataSource={data.members ?? []}
        scroll={{ x: 560 }}
        columns={[
          {
            title: t('people.name'),
            dataIndex: 'name',
            render: (n: string, m) => (m.personId === person.id ? <b>{n}</b> : <Link to={`/people/${m.personId}`}>{n}</Link>),
          },
          { title: t('households.relation'), dataIndex: 'relation', render: (r: string) => enumLabel('relation', r) },
          { title: t('people.sex'), dataIndex: 'sex', render: (s: string) => t(s === 'F' ? 'sex.F' : 'sex.M') },
          { title: t('people.age'), dataIndex: 'age', render: (n: number) => t('common.years', { n }) },
          { title: t('people.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="mono">{v}</span> },
        ]}
      />
    </>
  );
}

export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const { t, enumLabel } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const regionLabel = useRegionLabel();
  const {
    data: p,
    isLoading,
    error,
    refetch,
  } = useQuery({
    queryKey: ['people', id],
    queryFn: () => api.get<Person>(`/people/${id}`),
  });

  if (isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (error || !p) return <LoadError error={error} onRetry={() => void refetch()} />;

  const canWrite = can(me?.roles, 'people.write');
  const canReveal = can(me?.roles, 'people.reveal');
  const dash = (v: string | null | undefined) => v || '—';

  return (
    <>
      <PageHeader
        back="/people"
        title={<span data-testid="person-name">{p.name}</span>}
        sub={<PersonTags tags={p.tags} deathDate={p.deathDate} />}
        extra={
          canWrite && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/people/${p.id}/edit`)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} className="person-header">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('people.idNumber')}>
            {canReveal ? <RevealField personId={p.id} field="idNumber" masked={p.idNumber} /> : <span className="mono">{p.idNumber}</span>}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.age')}>{t('common.years', { n: p.age })}</Descriptions.Item>
          <Descriptions.Item label={t('people.sex')}>{t(p.sex === 'F' ? 'sex.F' : 'sex.M')}</Descriptions.Item>
          <Descriptions.Item label={t('people.residenceRegion')}>
            {regionLabel(p.residenceRegionCode, p.residenceRegionName)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'basic',
              label: t('people.tabBasic'),
              children: (
                <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
                  <Descriptions.Item label={t('people.name')}>{p.name}</Descriptions.Item>
                  <Descriptions.Item label={t('people.phone')}>
                    {canReveal ? <RevealField personId={p.id} field="phone" masked={p.phone} /> : dash(p.phone)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.ethnicity')}>{dash(p.ethnicity)}</Descriptions.Item>
                  <Descriptions.Item label={t('people.registeredRegion')}>
                    {regionLabel(p.registeredRegionCode, p.registeredRegionName) || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.residenceRegion')}>
                    {regionLabel(p.residenceRegionCode, p.residenceRegionName)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.address')}>{dash(p.address)}</Descriptions.Item>
                  <Descriptions.Item label={t('people.disabilityCategory')}>
                    {p.disabilityCategory
                      ? `${enumLabel('disability', p.disabilityCategory)}${p.disabilityGrade ? ` · ${t('people.gradeN', { n: p.disabilityGrade })}` : ''}`
                      : t('common.none')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.health')}>{dash(enumLabel('health', p.health))}</Descriptions.Item>
                  <Descriptions.Item label={t('people.seriousIllnesses')}>
                    {p.seriousIllnesses.length ? p.seriousIllnesses.join('、') : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.labourCapacity')}>{dash(enumLabel('labour', p.labourCapacity))}</Descriptions.Item>
                  <Descriptions.Item label={t('people.livingArrangement')}>
                    {dash(enumLabel('living', p.livingArrangement))}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('people.relationToHead')}>{dash(enumLabel('relation', p.relationToHead))}</Descriptions.Item>
                  {p.deathDate && <Descriptions.Item label={t('people.deathDate')}>{p.deathDate}</Descriptions.Item>}
                  <Descriptions.Item label={t('people.updatedAt')}>
                    <Space size={4}>
                      {formatDateTime(p.updatedAt)}
                      <Tag>v{p.version}</Tag>
                      {p.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
                    </Space>
                  </Descriptions.Item>
                </Descriptions>
              ),
            },
            {
              key: 'history',
              label: (
                <Flex gap={4} align="center">
                  <HistoryOutlined />
                  {t('people.tabHistory')}
                </Flex>
              ),
              children: <History id={p.id} />,
            },
            { key: 'family', label: t('people.tabFamily'), children: <Family person={p} /> },
          ]}
        />
      </Card>
    </>
  );
}
