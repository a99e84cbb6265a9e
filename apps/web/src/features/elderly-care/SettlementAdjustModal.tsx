import { useMutation } from '@tanstack/react-query';
import { Alert, App, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../shared/api';
import { useShowError } from '../../shared/errors';
import { EC } from './api';
import { monthCn, useL, Yuan } from './common';

/** The settled line being corrected and the settlement it belongs to. */
export interface AdjustTarget {
  settlement: { id: string; providerId: string; month: string; status: string; version?: number };
  line: {
    id?: number;
    serviceDate: string;
    itemCode: string;
    itemName?: string;
    personName?: string;
    priceFen: number;
    selfPayShareBp: number;
  };
}

interface FormValues {
  kind: 'reverse' | 'reprice';
  newPriceYuan?: number;
  newSelfPayPct?: number;
  month: dayjs.Dayjs;
  reason: string;
}

interface RunOut {
  id: string;
  status: string;
  version: number;
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/**
 * Where a correction goes: into this settlement while it is still a draft; otherwise into a later
 * month's draft of the same provider (the current month, or the month after the settlement's).
 */
export function defaultAdjustMonth(s: AdjustTarget['settlement'], now = monthCn()): string {
  if (s.status === 'draft') return s.month;
  const after = nextMonth(s.month);
  return now > s.month ? now : after;
}

/**
 * A correction of a settled service line: a reversal (冲销) or a new price / self-pay share (改价),
 * recorded as a new adjusting line with a reason. The original line is never edited.
 */
export function SettlementAdjustModal({
  target,
  onClose,
  onDone,
}: {
  target: AdjustTarget | null;
  onClose: () => void;
  onDone: (settlementId: string) => void;
}) {
  const L = useL();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const month = Form.useWatch('month', form);
  const submit = useMutation({
    mutationFn: async (v: FormValues) => {
      if (!target?.line.id) throw new Error('line without id');
      const s = target.settlement;
      const m = v.month.format('YYYY-MM');
      // The draft that receives the adjusting line: this one, or the chosen month's (generated when missing).
      let into: { id: string; version: number };
      if (s.status === 'draft' && m === s.month) into = { id: s.id, version: s.version ?? 1 };
      else {
        const r = await api.post<RunOut>(`${EC}/settlements/run`, { month: m, providerId: s.providerId });
        if (r.status !== 'draft') {
          form.setFields([
            {
              name: 'month',
              errors: [L(`${m} 的结算单已审批,请选择之后的月份`, `The ${m} settlement is already approved; choose a later month`)],
            },
          ]);
          throw new Error('__field__');
        }
        into = { id: r.id, version: r.version };
      }
      await api.post(`${EC}/settlements/${into.id}/adjustments`, {
        lineId: target.line.id,
        kind: v.kind,
        newPriceFen: v.kind === 'reprice' && v.newPriceYuan !== undefined ? Math.round(v.newPriceYuan * 100) : undefined,
        newSelfPayShareBp: v.kind === 'reprice' && v.newSelfPayPct !== undefined ? Math.round(v.newSelfPayPct * 100) : undefined,
        reason: v.reason.trim(),
        version: into.version,
      });
      return into.id;
    },
    onSuccess: (id) => {
      void message.success(L('已记入调整行', 'Adjusting line recorded'));
      form.resetFields();
      onDone(id);
    },
    onError: (e) => {
      if (e instanceof Error && e.message === '__field__') return;
      showError(e);
    },
  });
  if (!target) return null;
  const l = target.line;
  const chosen = month?.format('YYYY-MM');
  return (
    <Modal
      open
      title={L('更正结算行', 'Correct a settled line')}
      okText={L('记入调整', 'Record adjustment')}
      okButtonProps={{ loading: submit.isPending, 'data-testid': 'adjust-ok' }}
      onOk={() =>
        form.validateFields().then(
          (v) => submit.mutate(v),
          () => undefined,
        )
      }
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={L('日期', 'Date')}>{l.serviceDate}</Descriptions.Item>
        <Descriptions.Item label={L('老人', 'Elder')}>{l.personName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={L('项目', 'Item')}>{l.itemName ?? l.itemCode}</Descriptions.Item>
        <Descriptions.Item label={L('单价 / 自付', 'Price / self-pay')}>
          <Yuan fen={l.priceFen} /> / {l.selfPayShareBp / 100}%
        </Descriptions.Item>
      </Descriptions>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'reverse',
          month: dayjs(`${defaultAdjustMonth(target.settlement)}-01`),
          newPriceYuan: l.priceFen / 100,
          newSelfPayPct: l.selfPayShareBp / 100,
        }}
      >
        <Form.Item name="kind" label={L('更正方式', 'Kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'reverse', label: L('冲销(全额追回)', 'Reverse (recover in full)') },
              { value: 'reprice', label: L('改价 / 改自付比例', 'New price / self-pay') },
            ]}
            data-testid="adjust-kind"
          />
        </Form.Item>
        {kind === 'reprice' && (
          <>
            <Form.Item
              name="newPriceYuan"
              label={L('更正后单价(元)', 'Corrected price (yuan)')}
              rules={[{ required: true, message: L('请输入单价', 'Enter the price') }]}
            >
              <InputNumber min={0} max={100000} precision={2} style={{ width: 180 }} data-testid="adjust-price" />
            </Form.Item>
            <Form.Item
              name="newSelfPayPct"
              label={L('更正后个人自付比例(%)', 'Corrected self-pay share (%)')}
              rules={[{ required: true, message: L('请输入比例', 'Enter the share') }]}
            >
              <InputNumber min={0} max={100} precision={2} style={{ width: 180 }} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="month"
          label={L('计入哪个月的结算单', 'Into the settlement of month')}
          rules={[{ required: true, message: L('请选择月份', 'Choose a month') }]}
          extra={
            target.settlement.status === 'draft' && chosen === target.settlement.month
              ? L('本结算单尚未审批,调整行直接记入本单', 'This settlement is still a draft; the line goes into it')
              : L(
                  '已审批的结算单不再改动:调整行记入所选月份的待审批结算单(未生成时同时生成该月结算)',
                  'Approved settlements never change: the line goes into the chosen month’s draft (generated if missing)',
                )
          }
        >
          <DatePicker picker="month" allowClear={false} data-testid="adjust-month" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={L('更正理由(必填)', 'Reason (required)')}
          rules={[{ required: true, whitespace: true, message: L('请填写理由', 'Give a reason') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="adjust-reason" />
        </Form.Item>
      </Form>
      <Alert
        type="info"
        showIcon
        title={L(
          '原结算行保持不变;调整行带理由与原行编号,金额为差额,进入审计日志。',
          'The original line stays as it is; the adjusting line carries the reason and the difference, and is audited.',
        )}
      />
    </Modal>
  );
}
