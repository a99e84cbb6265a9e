import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Progress, Result, Skeleton, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import { api, download } from '../../shared/api';
import { localise, useShowError } from '../../shared/errors';
import { formatDateTime, formatValue } from '../../shared/format';
import { JobProgress } from '../../shared/JobProgress';
import type { ImportJob } from '../../shared/types';
import { LoadError, PageHeader } from '../../shared/ui';
import { ImportStatusTag } from './common';
import { ImportUpload } from './ImportsPage';

type ImportError = NonNullable<ImportJob['errors']>[number];

const SUMMARY_LABELS: Record<string, MessageKey> = {
  people: 'imports.summaryPeople',
  households: 'imports.summaryHouseholds',
  error: 'imports.summaryError',
};

function Summary({ summary }: { summary: ImportJob['summary'] }) {
  const { t } = useI18n();
  if (!summary) return null;
  const entries = Object.entries(summary).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!entries.length) return null;
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={SUMMARY_LABELS[k] ? t(SUMMARY_LABELS[k]) : k}>
          {formatValue(v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export default function ImportJobPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const showError = useShowError();
  const [committing, setCommitting] = useState(false);
  const {
    data: job,
    error,
    isLoading,
    refetch,
  } = useQuery({
    queryKey: ['imports', id],
    queryFn: () => api.get<ImportJob>(`/imports/${id}`),
    // the job survives a reload: while it runs, poll every 500 ms
    refetchInterval: (q) => (q.state.data && ['importing', 'validating'].includes(q.state.data.status) ? 500 : false),
    staleTime: 0,
  });

  if (isLoading) return <Skeleton active />;
  if (error || !job) return <LoadError error={error} onRetry={() => void refetch()} />;

  const commit = async () => {
    setCommitting(true);
    try {
      const j = await api.post<ImportJob>(`/imports/${job.id}/commit`);
      qc.setQueryData(['imports', job.id], j);
      void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
    } catch (e) {
      showError(e);
      void refetch();
    } finally {
      setCommitting(false);
    }
  };
  const getErrors = (format: 'xlsx' | 'csv') =>
    download(`/imports/${job.id}/errors`, { format }, `导入错误报告.${format}`).catch(showError);

  const percent = job.totalRows ? Math.floor((job.processedRows / job.totalRows) * 100) : 0;
  const progressText = t('imports.progress', { done: job.processedRows, total: job.totalRows });

  let body: React.ReactNode = null;
  switch (job.status) {
    case 'validating':
      body = (
        <Flex vertical align="center" gap={12} style={{ padding: 32 }}>
          <Spin size="large" />
          <Typography.Text>{t('imports.validatingTitle')}</Typography.Text>
        </Flex>
      );
      break;
    case 'rejected':
      body = (
        <>
          <Alert
            type="error"
            showIcon
            title={t('imports.rejectedTitle', { n: job.errorCount || job.errors?.length || 0 })}
            description={t('imports.rejectedHint')}
            style={{ marginBottom: 12 }}
            data-testid="import-rejected"
          />
          <Space wrap style={{ marginBottom: 12 }}>
            <Button icon={<DownloadOutlined />} onClick={() => void getErrors('xlsx')} data-testid="errors-xlsx">
              {t('imports.downloadErrorsXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void getErrors('csv')}>
              {t('imports.downloadErrorsCsv')}
            </Button>
          </Space>
          <Table<ImportError>
            rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
            size="small"
            dataSource={job.errors ?? []}
            pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
            scroll={{ x: 560 }}
            data-testid="import-errors"
            columns={[
              { title: t('imports.row'), dataIndex: 'row', width: 80 },
              { title: t('imports.column'), dataIndex: 'column', width: 160 },
              { title: t('imports.reason'), dataIndex: 'reason', render: (r: string) => localise(r) },
            ]}
          />
          <Card size="small" style={{ marginTop: 12 }} title={t('imports.again')}>
            <ImportUpload />
          </Card>
        </>
      );
      break;
    case 'validated':
      body = (
        <Result
          status="info"
          icon={<CheckCircleOutlined style={{ color: '#52c41a' }} />}
          title={t('imports.validatedTitle', { n: job.totalRows })}
          subTitle={t('imports.validatedHint')}
          extra={
            <Button type="primary" size="large" loading={committing} onClick={commit} data-testid="import-commit">
              {t('imports.commit', { n: job.totalRows })}
            </Button>
          }
        />
      );
      break;
    case 'importing':
      body = (
        <Flex vertical gap={12} style={{ padding: '24px 8px' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('imports.importingTitle')}
          </Typography.Title>
          <Progress percent={percent} status="active" data-testid="import-progress" />
          <Typography.Text type="secondary" data-testid="import-progress-text">
            {progressText}
          </Typography.Text>
          {/* the background job running it: queued behind others, retried after a restart, or failed */}
          {job.jobId && <JobProgress jobId={job.jobId} />}
        </Flex>
      );
      break;
    case 'imported':
      body = (
        <Result
          status="success"
          title={t('imports.importedTitle')}
          subTitle={t('imports.importedHint', { n: job.processedRows || job.totalRows })}
          extra={
            <Space wrap>
              <Button type="primary" onClick={() => navigate('/people')}>
                {t('imports.toPeople')}
              </Button>
              <Button onClick={() => navigate('/imports')}>{t('imports.again')}</Button>
            </Space>
          }
        >
          <Progress percent={100} data-testid="import-progress" />
          <Typography.Text type="secondary">{progressText}</Typography.Text>
          <Summary summary={job.summary} />
        </Result>
      );
      break;
    case 'failed':
      body = (
        <Result
          status="error"
          title={t('imports.failedTitle')}
          subTitle={t('imports.failedHint')}
          extra={<Button onClick={() => navigate('/imports')}>{t('imports.again')}</Button>}
        >
          <Summary summary={job.summary} />
        </Result>
      );
      break;
    case 'cancelled':
      body = (
        <Result
          status="warning"
          title={t('imports.cancelledTitle')}
          extra={<Button onClick={() => navigate('/imports')}>{t('imports.again')}</Button>}
        />
      );
      break;
  }

  return (
    <>
      <PageHeader title={`${t('imports.job')} · ${job.fileName}`} sub={<ImportStatusTag status={job.status} />} back="/imports" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('imports.fileName')}>{job.fileName}</Descriptions.Item>
          <Descriptions.Item label={t('imports.rows')}>{job.totalRows}</Descriptions.Item>
          <Descriptions.Item label={t('imports.createdAt')}>{formatDateTime(job.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('imports.finishedAt')}>{formatDateTime(job.finishedAt) || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">{body}</Card>
    </>
  );
}
