import { computeCheckCharacter, DISABILITY_LABELS, HEALTH_LABELS, LABOUR_LABELS, LIVING_LABELS, RELATION_LABELS } from '@lq/contracts';

/** The import template: one row per person; rows sharing 户编号 form one household. */
export const IMPORT_COLUMNS = [
  { key: 'householdNumber', header: '户编号', example: 'LQ-0001', required: false },
  { key: 'relation', header: '与户主关系', example: '户主', required: false },
  { key: 'name', header: '姓名', example: '张三', required: true },
  { key: 'idNumber', header: '身份证号', example: '', required: true },
  { key: 'phone', header: '联系电话', example: '13800000000', required: false },
  { key: 'residenceRegionCode', header: '常住地区划代码', example: '', required: true },
  { key: 'registeredRegionCode', header: '户籍地区划代码', example: '', required: false },
  { key: 'address', header: '详细地址', example: '', required: false },
  { key: 'ethnicity', header: '民族', example: '汉族', required: false },
  { key: 'disabilityCategory', header: '残疾类别', example: '', required: false },
  { key: 'disabilityGrade', header: '残疾等级', example: '', required: false },
  { key: 'health', header: '健康状况', example: '健康', required: false },
  { key: 'labourCapacity', header: '劳动能力', example: '', required: false },
  { key: 'livingArrangement', header: '居住状况', example: '', required: false },
  { key: 'tags', header: '标签', example: '', required: false },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** Accept both the code and the Chinese label of an enumerated value. */
export function enumLookup(labels: Record<string, string>): (v: string) => string | null | undefined {
  const byLabel = new Map<string, string>();
  for (const [code, label] of Object.entries(labels)) {
    byLabel.set(code, code);
    byLabel.set(label, code);
  }
  return (v: string) => (v === '' ? null : byLabel.get(v));
}

/** The template's example row: ID number and residence code of the deployment's county (example township). */
export function exampleRow(deployment: {
  county: { code: string };
  demo: { exampleTownshipCode: string };
}): Record<ImportColumnKey, string> {
  const first17 = `${deployment.county.code}19500101001`;
  // Object.fromEntries loses the key type; IMPORT_COLUMNS lists every ImportColumnKey once.
  const row = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example])) as Record<ImportColumnKey, string>;
  row.idNumber = first17 + computeCheckCharacter(first17);
  row.residenceRegionCode = deployment.demo.exampleTownshipCode;
  return row;
}

export const lookups = {
  relation: enumLookup({ ...RELATION_LABELS, head: '户主' }),
  disabilityCategory: enumLookup(DISABILITY_LABELS),
  health: enumLookup(HEALTH_LABELS),
  labourCapacity: enumLookup(LABOUR_LABELS),
  livingArrangement: enumLookup(LIVING_LABELS),
};
