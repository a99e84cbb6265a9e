import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../../app/i18n';
import { api, download } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import type { ImportJob, Page } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';
import { toInt, useUrlState } from '../../shared/useUrlState';
import { ACCEPT, ImportStatusTag, MAX_MB } from './common';

export function TemplateButtons() {
  const { t } = useI18n();
  const showError = useShowError();
  const get = (format: 'xlsx' | 'csv') => download('/imports/template', { format }, `导入模板.${format}`).catch(showError);
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={() => void get('xlsx')} data-testid="template-xlsx">
        {t('imports.templateXlsx')}
      </Button>
      <Button icon={<DownloadOutlined />} onClick={() => void get('csv')}>
        {t('imports.templateCsv')}
      </Button>
    </>
  );
}

export function ImportUpload() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <div data-testid="import-upload">
      <Upload.Dragger
        accept={ACCEPT}
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          if (!/\.(xlsx|csv)$/i.test(file.name)) {
            void message.error(t('imports.badType'));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_MB * 1024 * 1024) {
            void message.error(t('imports.fileTooBig', { n: MAX_MB }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={async ({ file, onSuccess, onError }) => {
          setBusy(true);
          try {
            const job = await api.upload<ImportJob>('/imports', file as File);
            onSuccess?.(job);
            void qc.invalidateQueries({ queryKey: ['imports'] });
            qc.setQueryData(['imports', job.id], job);
            navigate(`/imports/${job.id}`);
          } catch (e) {
            onError?.(e as Error);
            showError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy ? t('imports.uploading') : t('imports.uploadHint')}</p>
      </Upload.Dragger>
    </div>
  );
}

export default function ImportsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [state, update] = useUrlState(['page'] as const);
  const page = toInt(state.page, 1);
  const { data, isFetching, error, refetch } = useQuery({
    queryKey: ['imports', 'list', page],
    queryFn: () => api.get<Page<ImportJob>>('/imports', { page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title={t('imports.title')} extra={<TemplateButtons />} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">{t('imports.intro')}</Typography.Paragraph>
        <ImportUpload />
      </Card>
      <Card size="small" title={t('imports.history')}>
        {error ? (
          <LoadError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<ImportJob>
            rowKey="id"
            size="small"
            loading={isFetching}
            dataSource={data?.items}
            scroll={{ x: 760 }}
            rowClassName={() => 'clickable-row'}
            onRow={(j) => ({ onClick: () => navigate(`/imports/${j.id}`) })}
            pagination={{
              current: page,
              pageSize: 10,
              total: data?.total ?? 0,
              size: 'small',
              onChange: (p) => update({ page: p === 1 ? undefined : p }),
            }}
            locale={{ emptyText: <Empty description={t('imports.noJobs')} /> }}
            columns={[
              { title: t('imports.fileName'), dataIndex: 'fileName', ellipsis: true },
              {
                title: t('imports.status'),
                dataIndex: 'status',
                width: 120,
                render: (s: ImportJob['status']) => <ImportStatusTag status={s} />,
              },
              { title: t('imports.rows'), dataIndex: 'totalRows', width: 80, align: 'right' },
              {
                title: t('imports.errors'),
                dataIndex: 'errorCount',
                width: 80,
                align: 'right',
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
              },
              { title: t('imports.createdBy'), dataIndex: 'createdBy', width: 120, render: (v: string | null) => v ?? '—' },
              { title: t('imports.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
            ]}
          />
        )}
      </Card>
      <Flex />
    </>
  );
}
