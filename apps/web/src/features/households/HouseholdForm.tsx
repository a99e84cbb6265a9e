import { Col, Form, Input, Row } from 'antd';
import { useI18n } from '../../app/i18n';
import { RegionCascader } from '../../shared/regions';

export interface HouseholdFields {
  householdNumber?: string;
  registeredRegionCode?: string | null;
  residenceRegionCode?: string | null;
  address?: string;
}

export const HOUSEHOLD_FIELDS = ['householdNumber', 'registeredRegionCode', 'residenceRegionCode', 'address', 'members'] as const;

/** The household's own fields (used by the create page and the edit modal). */
export function HouseholdFieldItems() {
  const { t } = useI18n();
  const col = { xs: 24, md: 12 };
  return (
    <Row gutter={16}>
      <Col {...col}>
        <Form.Item name="householdNumber" label={t('households.number')} rules={[{ max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="registeredRegionCode" label={t('people.registeredRegion')}>
          <RegionCascader placeholder={t('top.scopePlaceholder')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item
          name="residenceRegionCode"
          label={t('people.residenceRegion')}
          rules={[{ required: true, message: t('common.select', { field: t('people.residenceRegion') }) }]}
        >
          <RegionCascader placeholder={t('top.scopePlaceholder')} />
        </Form.Item>
      </Col>
      <Col {...col}>
        <Form.Item name="address" label={t('people.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
    </Row>
  );
}

export function householdBody(v: HouseholdFields) {
  const blank = (s?: string) => (s?.trim() ? s.trim() : null);
  return {
    householdNumber: blank(v.householdNumber),
    registeredRegionCode: v.registeredRegionCode ?? null,
    residenceRegionCode: v.residenceRegionCode ?? '',
    address: blank(v.address),
  };
}
