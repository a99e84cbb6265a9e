import { Tag } from 'antd';
import { useI18n } from '../../app/i18n';
import type { MessageKey } from '../../app/messages';
import type { ImportJob } from '../../shared/types';

const COLORS: Record<ImportJob['status'], string> = {
  validating: 'processing',
  rejected: 'error',
  validated: 'warning',
  importing: 'processing',
  imported: 'success',
  failed: 'error',
  cancelled: 'default',
};

export function ImportStatusTag({ status }: { status: ImportJob['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t(`importStatus.${status}` as MessageKey)}
    </Tag>
  );
}

export const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
export const MAX_MB = 20;
