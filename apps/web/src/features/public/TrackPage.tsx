/** 扫码查进度 (no login): status only, masked name, the steps so far and what happens next. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Skeleton, Steps } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import { ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { TrackQr } from './PublicApplyPage';
import { pubApi } from './publicApi';
import './public.css';

const STATUS_ZH: Record<string, string> = {
  submitted: '已提交,待核实',
  pending: '已提交,待核实',
  verified: '已核实',
  draft: '待补正',
  applied: '已受理登记',
  accepted: '乡镇已受理',
  assessed: '已完成能力评估',
  approved: '已审批通过',
  rejected: '未获批准',
  active: '服务中',
  suspended: '暂停服务',
  closed: '服务已结束',
  cancelled: '已撤销',
};
const PATH = ['applied', 'accepted', 'assessed', 'approved', 'active'];
const PATH_ZH = ['提交申请', '乡镇受理', '能力评估', '审批', '开始服务'];

export default function TrackPage() {
  const { code = '' } = useParams();
  const { lang, t } = useI18n();
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const q = useQuery({
    queryKey: ['pub', 'track', code],
    queryFn: () => pubApi.track(code),
    enabled: !!code,
    retry: false,
    refetchInterval: 60_000,
  });
  const d = q.data;
  const idx = d ? (['submitted', 'pending', 'verified'].includes(d.status) ? 0 : PATH.indexOf(d.status)) : -1;
  const bad = d && ['rejected', 'cancelled'].includes(d.status);
  return (
    <div className="pub-page">
      <div className="pub-top">
        {L('养老服务办理进度', 'Progress of the application')}
        <small>{t('public.bureau')}</small>
      </div>
      <div className="pub-body">
        {!code || (q.error instanceof ApiError && q.error.status === 404) ? (
          <div className="pub-card">
            {code && (
              <Alert
                type="warning"
                showIcon
                title={L('没有找到这个查询码,请核对后重新输入。', 'No application has this code.')}
                style={{ marginBottom: 12, fontSize: 18 }}
              />
            )}
            <div style={{ marginBottom: 8 }}>{L('请输入查询码', 'Enter the code')}</div>
            <Input size="large" value={input} onChange={(e) => setInput(e.target.value.trim())} className="mono" />
            <Button
              type="primary"
              block
              className="pub-big"
              style={{ marginTop: 12 }}
              disabled={!input}
              onClick={() => navigate(`/track/${encodeURIComponent(input)}`)}
            >
              {L('查询', 'Look up')}
            </Button>
          </div>
        ) : q.isLoading ? (
          <Skeleton active />
        ) : q.error ? (
          <Alert
            type="error"
            showIcon
            title={L('暂时无法查询,请稍后再试。', 'Cannot look it up now; try later.')}
            description={(q.error as Error).message}
          />
        ) : d ? (
          <>
            <div className="pub-card" data-testid="track-card">
              <div>
                {L('申请人', 'Applicant')}:<b data-testid="track-name">{d.maskedName}</b>
              </div>
              <div className="pub-status" data-testid="track-status">
                {d.statusLabel ?? STATUS_ZH[d.status] ?? d.status}
              </div>
              {d.nextStep && (
                <div>
                  {L('下一步', 'Next')}:{d.nextStep}
                </div>
              )}
              {d.updatedAt && (
                <div style={{ color: '#595959' }}>
                  {L('更新于', 'Updated')} {formatDateTime(d.updatedAt)}
                </div>
              )}
            </div>
            <div className="pub-card">
              <Steps
                direction="vertical"
                current={bad ? Math.max(0, idx) : Math.max(0, idx)}
                status={bad ? 'error' : d.status === 'active' ? 'finish' : 'process'}
                items={
                  d.steps?.map((s) => ({
                    title: s.label,
                    description: s.at ? formatDateTime(s.at) : undefined,
                    status: s.done ? 'finish' : s.current ? 'process' : 'wait',
                  })) ??
                  PATH_ZH.map((t, i) => {
                    const h = d.history?.filter((x) => x.to === PATH[i]).pop();
                    return { title: t, description: h ? formatDateTime(h.at) : undefined };
                  })
                }
              />
            </div>
            <div className="pub-card" style={{ textAlign: 'center' }}>
              <TrackQr code={d.trackingCode ?? code} size={160} />
              <div className="mono">{d.trackingCode ?? code}</div>
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}
