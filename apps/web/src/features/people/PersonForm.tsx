import { ageOn, ID_NUMBER_PROBLEM_MESSAGES, parseIdNumber, shanghaiToday, TAG_SUGGESTIONS } from '@lq/contracts';
import { Button, Card, Col, DatePicker, Form, type FormInstance, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { RegionCascader } from '../../shared/regions';
import type { Person } from '../../shared/types';

export interface PersonFormValues {
  idNumber?: string;
  name: string;
  phone?: string;
  ethnicity?: string;
  registeredRegionCode?: string | null;
  residenceRegionCode?: string | null;
  address?: string;
  disabilityCategory?: string | null;
  disabilityGrade?: number | null;
  health?: string | null;
  seriousIllnesses?: string[];
  labourCapacity?: string | null;
  livingArrangement?: string | null;
  tags?: string[];
  deathDate?: Dayjs | null;
}

/** The fields sent to the API (PersonFacts), with empty inputs as null. */
export type PersonBody = {
  name: string;
  phone: string | null;
  ethnicity: string | null;
  registeredRegionCode: string | null;
  residenceRegionCode: string;
  address: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  health: string | null;
  seriousIllnesses: string[];
  labourCapacity: string | null;
  livingArrangement: string | null;
  tags: string[];
  deathDate?: string | null;
};

const blank = (s: string | null | undefined) => {
  const v = (s ?? '').trim();
  return v ? v : null;
};

export function toBody(v: PersonFormValues, withDeathDate: boolean): PersonBody {
  const body: PersonBody = {
    name: v.name.trim(),
    phone: blank(v.phone),
    ethnicity: blank(v.ethnicity),
    registeredRegionCode: v.registeredRegionCode ?? null,
    residenceRegionCode: v.residenceRegionCode ?? '',
    address: blank(v.address),
    disabilityCategory: v.disabilityCategory ?? null,
    disabilityGrade: v.disabilityCategory ? (v.disabilityGrade ?? null) : null,
    health: v.health ?? null,
    seriousIllnesses: (v.seriousIllnesses ?? []).map((s) => s.trim()).filter(Boolean),
    labourCapacity: v.labourCapacity ?? null,
    livingArrangement: v.livingArrangement ?? null,
    tags: (v.tags ?? []).map((s) => s.trim()).filter(Boolean),
  };
  if (withDeathDate) body.deathDate = v.deathDate ? v.deathDate.format('YYYY-MM-DD') : null;
  return body;
}

export function fromPerson(p: Person, toDayjs: (s: string) => Dayjs): PersonFormValues {
  return {
    name: p.name,
    phone: undefined, // masked on read; left empty = unchanged
    ethnicity: p.ethnicity ?? undefined,
    registeredRegionCode: p.registeredRegionCode,
    residenceRegionCode: p.residenceRegionCode,
    address: p.address ?? undefined,
    disabilityCategory: p.disabilityCategory,
    disabilityGrade: p.disabilityGrade,
    health: p.health,
    seriousIllnesses: p.seriousIllnesses,
    labourCapacity: p.labourCapacity,
    livingArrangement: p.livingArrangement,
    tags: p.tags,
    deathDate: p.deathDate ? toDayjs(p.deathDate) : null,
  };
}

export const PERSON_FIELDS = [
  'idNumber',
  'name',
  'phone',
  'ethnicity',
  'registeredRegionCode',
  'residenceRegionCode',
  'address',
  'disabilityCategory',
  'disabilityGrade',
  'health',
  'seriousIllnesses',
  'labourCapacity',
  'livingArrangement',
  'tags',
  'deathDate',
] as const;

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Shows what the ID number says (birth date, sex, age) as soon as it is valid. */
function IdDerived() {
  const { t } = useI18n();
  const id = Form.useWatch<string | undefined>('idNumber');
  if (!id) return <span>{t('people.idHelp')}</span>;
  const r = parseIdNumber(id);
  if (!r.ok) return <span>{t('people.idHelp')}</span>;
  return (
    <Typography.Text type="success" data-testid="id-derived">
      {t('people.derived', { birthDate: r.birthDate, sex: t(r.sex === 'F' ? 'sex.F' : 'sex.M'), age: ageOn(r.birthDate, shanghaiToday()) })}
      {r.converted ? ` ${t('people.derivedConverted', { id: r.idNumber })}` : ''}
    </Typography.Text>
  );
}

export function PersonForm({
  form,
  mode,
  initialValues,
  onFinish,
  submitting,
  top,
  submitText,
  onCancel,
  maskedPhone,
  maskedId,
}: {
  form: FormInstance<PersonFormValues>;
  mode: 'create' | 'edit';
  initialValues?: PersonFormValues;
  onFinish: (v: PersonFormValues) => void;
  submitting: boolean;
  top?: ReactNode;
  submitText: string;
  onCancel: () => void;
  maskedPhone?: string | null;
  maskedId?: string;
}) {
  const { t, lang, enumOptions } = useI18n();
  const idMsg = (p: keyof typeof ID_NUMBER_PROBLEM_MESSAGES) =>
    lang === 'en' ? ID_NUMBER_PROBLEM_MESSAGES[p].en : ID_NUMBER_PROBLEM_MESSAGES[p].zh;
  const category = Form.useWatch('disabilityCategory', form);
  const col = { xs: 24, md: 12, xl: 8 };

  return (
    <Form<PersonFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      scrollToFirstError={{ block: 'center' }}
      validateTrigger={['onChange', 'onBlur']}
    >
      {top}
      <Card size="small" title={t('people.sectionIdentity')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          {mode === 'create' && (
            <Col {...col}>
              <Form.Item
                name="idNumber"
                label={t('people.idNumber')}
                required
                extra={<IdDerived />}
                validateDebounce={150}
                normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
                rules={[
                  {
                    validator: async (_, v: string | undefined) => {
                      const r = parseIdNumber(v ?? '');
                      if (!r.ok) throw new Error(idMsg(r.problem));
                    },
                  },
                ]}
              >
                <Input maxLength={18} className="mono" autoComplete="off" data-testid="idNumber" placeholder={t('people.idPlaceholder')} />
              </Form.Item>
            </Col>
          )}
          {mode === 'edit' && maskedId && (
            <Col {...col}>
              <Form.Item label={t('people.idNumber')} extra={t('people.idNotEditable')}>
                <Input value={maskedId} disabled className="mono" />
              </Form.Item>
            </Col>
          )}
          <Col {...col}>
            <Form.Item
              name="name"
              label={t('people.name')}
              rules={[
                { required: true, whitespace: true, message: t('common.required', { field: t('people.name') }) },
                { max: 50, message: t('people.nameInvalid') },
              ]}
            >
              <Input data-testid="name" maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="phone"
              label={t('people.phone')}
              extra={mode === 'edit' && maskedPhone ? t('people.phoneKeep', { masked: maskedPhone }) : undefined}
              rules={[{ pattern: PHONE, message: t('people.phoneInvalid') }]}
              normalize={(v: string) => v.trim()}
            >
              <Input inputMode="tel" maxLength={14} placeholder={mode === 'edit' && maskedPhone ? maskedPhone : undefined} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="ethnicity" label={t('people.ethnicity')}>
              <Select
                allowClear
                showSearch
                options={['汉族', '畲族', '回族', '苗族', '土家族', '壮族', '满族', '其他'].map((x) => ({ value: x, label: x }))}
              />
            </Form.Item>
          </Col>
          {mode === 'edit' && (
            <Col {...col}>
              <Form.Item name="deathDate" label={t('people.deathDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>

      <Card size="small" title={t('people.sectionRegion')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="registeredRegionCode" label={t('people.registeredRegion')}>
              <RegionCascader placeholder={t('top.scopePlaceholder')} aria-label={t('people.registeredRegion')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item
              name="residenceRegionCode"
              label={t('people.residenceRegion')}
              rules={[{ required: true, message: t('common.select', { field: t('people.residenceRegion') }) }]}
            >
              <RegionCascader placeholder={t('top.scopePlaceholder')} aria-label={t('people.residenceRegion')} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={8}>
            <Form.Item name="address" label={t('people.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('people.sectionFacts')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="disabilityCategory" label={t('people.disabilityCategory')}>
              <Select allowClear options={enumOptions('disability')} placeholder={t('common.none')} />
            </Form.Item>
          </Col>
          {category && (
            <Col {...col}>
              <Form.Item
                name="disabilityGrade"
                label={t('people.disabilityGrade')}
                rules={[{ required: true, message: t('people.gradeRequired') }]}
              >
                <Select options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('people.gradeN', { n }) }))} />
              </Form.Item>
            </Col>
          )}
          <Col {...col}>
            <Form.Item name="health" label={t('people.health')}>
              <Select allowClear options={enumOptions('health')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="seriousIllnesses" label={t('people.seriousIllnesses')}>
              <Select mode="tags" tokenSeparators={[',', ',', '、']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="labourCapacity" label={t('people.labourCapacity')}>
              <Select allowClear options={enumOptions('labour')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="livingArrangement" label={t('people.livingArrangement')}>
              <Select allowClear options={enumOptions('living')} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={16}>
            <Form.Item name="tags" label={t('people.tags')}>
              <Select mode="tags" options={TAG_SUGGESTIONS.map((x) => ({ value: x, label: x }))} tokenSeparators={[',', ',', '、']} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Space>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="person-submit">
          {submitText}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
