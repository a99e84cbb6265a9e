/** 一公开: published results of the 双随机 inspections (no login). */
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Input, Skeleton, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { pubApi } from './publicApi';
import './public.css';

const COLOR: Record<string, string> = { 合格: 'green', 基本合格: 'gold', 不合格: 'red' };

export default function PublicInspectionsPage() {
  const { lang } = useI18n();
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const [q, setQ] = useState('');
  const r = useQuery({ queryKey: ['pub', 'inspections'], queryFn: pubApi.inspections });
  const rows = useMemo(() => (r.data ?? []).filter((x) => !q || x.providerName.includes(q)), [r.data, q]);
  return (
    <div className="pub-page">
      <div className="pub-top">
        {L('养老服务机构抽查结果公示', 'Inspection results of care providers')}
        <small>
          {L('“双随机、一公开”:随机抽取检查对象和检查人员,结果向社会公开', 'Random providers, random inspectors, public results')}
        </small>
      </div>
      <div className="pub-body">
        <Input.Search
          size="large"
          placeholder={L('按机构名称查找', 'Find a provider')}
          allowClear
          onChange={(e) => setQ(e.target.value.trim())}
          style={{ marginBottom: 12 }}
        />
        {r.isLoading ? (
          <Skeleton active />
        ) : r.error ? (
          <Alert type="error" showIcon title={L('暂时无法加载,请稍后再试。', 'Cannot load now.')} />
        ) : rows.length === 0 ? (
          <Empty description={<span style={{ fontSize: 18 }}>{L('暂无公示结果', 'Nothing published yet')}</span>} />
        ) : (
          rows.map((x) => (
            <div className="pub-card" key={`${x.providerName}-${x.inspectedOn}-${x.seed ?? ''}`} data-testid="pub-inspection">
              <div style={{ fontSize: 20, fontWeight: 600 }}>
                {x.providerName}{' '}
                <Tag color={COLOR[x.rating]} style={{ fontSize: 16, padding: '2px 8px' }}>
                  {x.rating}
                </Tag>
              </div>
              {x.regionName && <div style={{ color: '#595959' }}>{x.regionName}</div>}
              <div>
                {L('检查日期', 'Inspected')} {x.inspectedOn} · {L('公示日期', 'Published')} {x.publishedOn}
              </div>
              {x.findings && <div style={{ marginTop: 4 }}>{x.findings}</div>}
              {x.seed && (
                <div style={{ color: '#595959', fontSize: 16 }}>
                  {L('抽取随机种子', 'Draw seed')} <span className="mono">{x.seed}</span>
                </div>
              )}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
