import type { Job } from '@lq/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Progress, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../app/i18n';
import { api } from './api';
import { useShowError } from './errors';
import { formatDateTime } from './format';
import { useUrlState } from './useUrlState';

const STATUS: Record<Job['status'], [string, string, string]> = {
  queued: ['排队中', 'Queued', 'default'],
  running: ['运行中', 'Running', 'processing'],
  succeeded: ['已完成', 'Done', 'success'],
  failed: ['失败', 'Failed', 'error'],
  cancelled: ['已取消', 'Cancelled', 'warning'],
};

export const jobFinished = (j: Pick<Job, 'status'> | undefined) => !!j && ['succeeded', 'failed', 'cancelled'].includes(j.status);

/** The job id kept in the URL (`?job=`), so a reload keeps showing the same job. */
export function useJobInUrl(key = 'job') {
  const [s, set] = useUrlState([key] as const);
  return [s[key], (id: string | null) => set({ [key]: id } as Record<string, string | null>)] as const;
}

interface Props {
  /** The job to show; default: the id in the URL (`?job=`). */
  jobId?: string | null;
  urlKey?: string;
  /** Rendered under the bar when the job succeeded. */
  renderResult?: (result: unknown, job: Job) => ReactNode;
  /** Called once when the job reaches an end state. */
  onFinished?: (job: Job) => void;
  /** Forget the job (clears it from the URL). */
  onClose?: () => void;
  pollMs?: number;
}

/** Polls a background job (GET /api/jobs/:id) and shows its status, progress, result or error. */
export function JobProgress({ jobId, urlKey = 'job', renderResult, onFinished, onClose, pollMs = 1000 }: Props) {
  const { lang } = useI18n();
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const [fromUrl, setInUrl] = useJobInUrl(urlKey);
  const id = jobId === undefined ? fromUrl : jobId;
  const qc = useQueryClient();
  const showError = useShowError();
  const q = useQuery({
    queryKey: ['jobs', id],
    queryFn: () => api.get<Job>(`/jobs/${id}`),
    enabled: !!id,
    refetchInterval: (x) => (x.state.data && jobFinished(x.state.data) ? false : pollMs),
    staleTime: 0,
  });
  const reported = useRef<string | null>(null);
  const job = q.data;
  useEffect(() => {
    if (job && jobFinished(job) && reported.current !== job.id) {
      reported.current = job.id;
      onFinished?.(job);
    }
  }, [job, onFinished]);

  if (!id) return null;
  if (q.error) return <Alert type="error" showIcon title={L('无法读取任务状态', 'Could not read the job')} />;
  if (!job) return <Progress percent={0} status="active" />;
  const [zh, en, color] = STATUS[job.status];
  const percent = Math.round(job.progress * 100);
  const cancel = async () => {
    try {
      qc.setQueryData(['jobs', id], await api.post<Job>(`/jobs/${id}/cancel`));
    } catch (e) {
      showError(e);
    }
  };
  const close = () => {
    if (onClose) onClose();
    else setInUrl(null);
  };
  return (
    <Flex vertical gap={6} data-testid="job-progress" data-status={job.status}>
      <Flex gap={8} align="center" wrap>
        <Tag color={color}>{L(zh, en)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(job.createdAt)}
          {job.attempts > 1 ? L(` · 第 ${job.attempts} 次尝试`, ` · attempt ${job.attempts}`) : ''}
        </Typography.Text>
        {job.cancellable && !job.cancelRequested && (
          <Button size="small" onClick={() => void cancel()}>
            {L('取消', 'Cancel')}
          </Button>
        )}
        {jobFinished(job) && (
          <Button size="small" type="link" onClick={close}>
            {L('关闭', 'Close')}
          </Button>
        )}
      </Flex>
      <Progress
        percent={job.status === 'succeeded' ? 100 : percent}
        status={
          job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : job.status === 'running' ? 'active' : 'normal'
        }
      />
      {job.progressMessage && <Typography.Text data-testid="job-progress-message">{job.progressMessage}</Typography.Text>}
      {job.status === 'queued' && job.error && (
        <Typography.Text type="warning">{L(`上次失败,稍后重试:${job.error}`, `Failed, will retry: ${job.error}`)}</Typography.Text>
      )}
      {job.status === 'failed' && <Alert type="error" showIcon title={job.error ?? L('任务失败', 'The job failed')} />}
      {job.status === 'succeeded' && renderResult?.(job.result, job)}
    </Flex>
  );
}
