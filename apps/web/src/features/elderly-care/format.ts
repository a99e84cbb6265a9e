import type { Frequency } from '@lq/contracts';

const WD = ['', '一', '二', '三', '四', '五', '六', '日'];
export function frequencyText(f: Frequency | null | undefined): string {
  if (!f) return '';
  if (f.kind === 'once') return `一次 ${f.date}`;
  const days = [...f.weekdays]
    .sort()
    .map((d) => WD[d])
    .join('、');
  return `每周${days}(${f.weekdays.length} 次/周)自 ${f.startDate}${f.endDate ? ` 至 ${f.endDate}` : ''}`;
}
export const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: `周${WD[d]}` }));
