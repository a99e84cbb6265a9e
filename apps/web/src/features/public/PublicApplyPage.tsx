/** 居民自助申请 (phone, no login): who, where, which services; then a QR code to follow progress. */
import { ID_NUMBER_PROBLEM_MESSAGES, parseIdNumber } from '@lq/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Cascader, Checkbox, Form, Input, Result } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../app/i18n';
import { ApiError } from '../../shared/api';
import { type PublicApplyBody, type PublicApplyResult, type PublicRegion, pubApi } from './publicApi';
import './public.css';

interface Values {
  name: string;
  idNumber: string;
  phone: string;
  region?: string[];
  itemCodes: string[];
  note?: string;
  agree: boolean;
}

function toOptions(r: PublicRegion[]): { value: string; label: string; children?: ReturnType<typeof toOptions> }[] {
  return r.map((n) => ({ value: n.code, label: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));
}

export function TrackQr({ code, size = 220 }: { code: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const url = `${window.location.origin}/track/${code}`;
  useEffect(() => {
    void QRCode.toDataURL(url, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(setSrc, () => setSrc(null));
  }, [url, size]);
  return src ? <img src={src} alt={`进度查询二维码 ${code}`} width={size} height={size} data-testid="track-qr" /> : null;
}

export default function PublicApplyPage() {
  const { lang, t } = useI18n();
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const [form] = Form.useForm<Values>();
  const [done, setDone] = useState<PublicApplyResult | null>(null);
  const menu = useQuery({ queryKey: ['pub', 'menu'], queryFn: pubApi.menu, retry: 1 });
  const regions = useQuery({ queryKey: ['pub', 'regions'], queryFn: pubApi.regions, retry: 1 });
  const submit = useMutation({
    mutationFn: (b: PublicApplyBody) => pubApi.apply(b),
    onSuccess: (r) => {
      setDone(r);
      try {
        localStorage.setItem('lq.myApplication', r.trackingCode);
      } catch {
        /* ignore */
      }
      window.scrollTo(0, 0);
    },
  });

  if (done) {
    const url = `/track/${done.trackingCode}`;
    return (
      <div className="pub-page">
        <div className="pub-top">{L('申请已提交', 'Application sent')}</div>
        <div className="pub-body">
          <Result
            status="success"
            title={<span style={{ fontSize: 24 }}>{L('申请已提交', 'Application sent')}</span>}
            subTitle={
              <span style={{ fontSize: 18, color: '#262626' }}>
                {L('请保存下面的二维码或查询码,随时查看办理进度。', 'Keep this QR code or code to follow the progress.')}
              </span>
            }
          />
          <div className="pub-card" style={{ textAlign: 'center' }}>
            <TrackQr code={done.trackingCode} />
            <div style={{ fontSize: 20, marginTop: 8 }}>
              {L('查询码', 'Code')}{' '}
              <b className="mono" data-testid="tracking-code">
                {done.trackingCode}
              </b>
            </div>
          </div>
          <Link to={url}>
            <Button type="primary" block className="pub-big" data-testid="go-track">
              {L('查看办理进度', 'See progress')}
            </Button>
          </Link>
        </div>
      </div>
    );
  }

  const err = submit.error instanceof ApiError ? submit.error : null;
  return (
    <div className="pub-page">
      <div className="pub-top">
        {L('申请居家养老服务', 'Apply for home care')}
        <small>{t('public.noLogin')}</small>
      </div>
      <div className="pub-body">
        {err && <Alert type="error" showIcon title={err.message} style={{ marginBottom: 12, fontSize: 18 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(v) =>
            submit.mutate({
              name: v.name.trim(),
              idNumber: v.idNumber.trim().toUpperCase(),
              phone: v.phone.trim(),
              townshipCode: v.region?.[0],
              itemCodes: v.itemCodes,
              note: v.note?.trim() || undefined,
            })
          }
          scrollToFirstError
        >
          <div className="pub-card">
            <Form.Item
              name="name"
              label={L('老人姓名', 'Elder’s name')}
              rules={[{ required: true, whitespace: true, message: L('请填写姓名', 'Enter the name') }]}
            >
              <Input maxLength={50} autoComplete="name" data-testid="pub-name" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={L('老人身份证号', 'Elder’s ID number')}
              validateFirst
              rules={[
                {
                  validator: async (_, v?: string) => {
                    const r = parseIdNumber((v ?? '').trim().toUpperCase());
                    if (!r.ok) throw new Error(ID_NUMBER_PROBLEM_MESSAGES[r.problem][lang === 'en' ? 'en' : 'zh']);
                  },
                },
              ]}
            >
              <Input maxLength={18} inputMode="text" autoComplete="off" data-testid="pub-id" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={L('联系电话', 'Phone')}
              rules={[
                { required: true, message: L('请填写电话', 'Enter a phone number') },
                { pattern: /^1\d{10}$/, message: L('请填写 11 位手机号', '11-digit mobile number') },
              ]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="tel" data-testid="pub-phone" />
            </Form.Item>
            {!regions.error && (
              <Form.Item
                name="region"
                label={L('居住地(乡镇 / 街道)', 'Township')}
                rules={[{ required: true, type: 'array', min: 1, message: L('请选择居住的乡镇(街道)', 'Choose the township') }]}
              >
                <Cascader
                  options={toOptions(regions.data ?? []).map((o) => ({ ...o, children: undefined }))}
                  loading={regions.isLoading}
                  placeholder={L('请选择乡镇(街道)', 'Choose the township')}
                  showSearch
                  data-testid="pub-region"
                />
              </Form.Item>
            )}
          </div>
          <div className="pub-card">
            <Form.Item
              name="itemCodes"
              label={L('需要哪些服务(可多选)', 'Which services (any)')}
              rules={[{ required: true, type: 'array', min: 1, message: L('请至少选择一项', 'Pick at least one') }]}
            >
              <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pub-items">
                {(menu.data ?? []).map((m) => (
                  <Checkbox key={m.code} value={m.code} style={{ fontSize: 20 }}>
                    {m.nameZh}
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </Form.Item>
            {menu.error && <Alert type="warning" title={L('服务项目暂时无法加载,请稍后刷新。', 'Services cannot load now.')} />}
            <Form.Item name="note" label={L('还想说明的情况(可不填)', 'Anything else (optional)')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </div>
          <Form.Item
            name="agree"
            valuePropName="checked"
            rules={[
              {
                validator: async (_, v) => {
                  if (!v) throw new Error(L('请勾选同意', 'Please agree'));
                },
              },
            ]}
          >
            <Checkbox style={{ fontSize: 18 }} data-testid="pub-agree">
              {L('我同意民政部门为办理本申请核查上述信息', 'I agree that the bureau checks this information')}
            </Checkbox>
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            className="pub-big"
            loading={submit.isPending}
            disabled={submit.isPending}
            data-testid="pub-submit"
          >
            {L('提交申请', 'Send')}
          </Button>
        </Form>
      </div>
    </div>
  );
}
