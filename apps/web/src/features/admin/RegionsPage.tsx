import { SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { useRegionTree } from '../../shared/regions';
import type { RegionImportResult, RegionNode } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';

function filterTree(nodes: RegionNode[], q: string): RegionNode[] {
  if (!q) return nodes;
  const out: RegionNode[] = [];
  for (const n of nodes) {
    const kids = n.children ? filterTree(n.children, q) : [];
    if (n.name.includes(q) || n.code.startsWith(q) || kids.length)
      out.push({ ...n, children: kids.length ? kids : n.name.includes(q) || n.code.startsWith(q) ? n.children : undefined });
  }
  return out;
}

function countDemo(nodes: RegionNode[]): number {
  return nodes.reduce((s, n) => s + (n.isDemo ? 1 : 0) + (n.children ? countDemo(n.children) : 0), 0);
}

/** antd's tree table treats an empty children array as expandable: drop them. */
function clean(nodes: RegionNode[]): RegionNode[] {
  return nodes.map((n) => ({ ...n, children: n.children?.length ? clean(n.children) : undefined }));
}

export default function RegionsPage() {
  const { t } = useI18n();
  const { data, isLoading, error, refetch } = useRegionTree();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RegionImportResult | null>(null);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const rows = useMemo(() => clean(filterTree(data ?? [], q.trim())), [data, q]);
  const demo = useMemo(() => countDemo(data ?? []), [data]);
  const levelLabel = (l: string) => {
    const key = `level.${l}` as MessageKey;
    return t(key) === key ? l : t(key);
  };

  return (
    <>
      <PageHeader
        title={t('regions.title')}
        showScope={false}
        extra={
          <Upload
            accept=".csv,text/csv"
            showUploadList={false}
            customRequest={async ({ file, onSuccess, onError }) => {
              setBusy(true);
              setResult(null);
              try {
                const r = await api.upload<RegionImportResult>('/regions/import', file as File);
                setResult(r);
                onSuccess?.(r);
                void message.success(
                  t('regions.imported', {
                    imported: r.imported,
                    removedDemo: r.removedDemo,
                    moved: r.peopleMovedToTownship,
                    accounts: r.accountsDisabled.length,
                  }),
                );
                await qc.invalidateQueries({ queryKey: ['regions'] });
              } catch (e) {
                onError?.(e as Error);
                showError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy}>
              {t('regions.import')}
            </Button>
          </Upload>
        }
      />
      <Alert type="info" showIcon title={t('regions.intro')} style={{ marginBottom: 12 }} />
      {result && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setResult(null) }}
          style={{ marginBottom: 12 }}
          title={t('regions.imported', {
            imported: result.imported,
            removedDemo: result.removedDemo,
            moved: result.peopleMovedToTownship,
            accounts: result.accountsDisabled.length,
          })}
        />
      )}
      <Card size="small">
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
          <Input
            prefix={<SearchOutlined />}
            allowClear
            placeholder={t('regions.searchPlaceholder')}
            style={{ maxWidth: 320 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          {demo > 0 && <Typography.Text type="warning">{t('regions.demoCount', { n: demo })}</Typography.Text>}
        </Flex>
        {error ? (
          <LoadError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<RegionNode>
            rowKey="code"
            size="small"
            loading={isLoading}
            dataSource={rows}
            pagination={false}
            expandable={{ defaultExpandedRowKeys: rows.length === 1 ? [rows[0].code] : [], expandedRowKeys: q ? undefined : undefined }}
            scroll={{ x: 560 }}
            columns={[
              {
                title: t('regions.name'),
                dataIndex: 'name',
                render: (n: string, r) => (
                  <span>
                    {n} {r.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
                  </span>
                ),
              },
              { title: t('regions.code'), dataIndex: 'code', width: 160, render: (c: string) => <span className="mono">{c}</span> },
              { title: t('regions.level'), dataIndex: 'level', width: 120, render: levelLabel },
            ]}
          />
        )}
      </Card>
    </>
  );
}
