import type { ErrorDetail } from '@lq/contracts';

/** Every error code the API can return, declared once with its HTTP status and messages. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, zh: '提交的内容有误,请按提示修改', en: 'The request has invalid fields' },
  BAD_REQUEST: { status: 400, zh: '请求无法处理', en: 'The request could not be processed' },
  FILE_UNREADABLE: {
    status: 400,
    zh: '文件无法读取,请使用模板中的格式(xlsx 或 csv)',
    en: 'The file could not be read; use the template format (xlsx or csv)',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: {
    status: 401,
    zh: '长时间未操作,已自动退出,请重新登录',
    en: 'Your session ended after inactivity; please log in again',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    zh: '用户名或密码错误(连续失败多次后账号将被暂时锁定)',
    en: 'Wrong user name or password (repeated failures lock the account for a while)',
  },
  TOTP_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter the one-time code from your authenticator' },
  TOTP_INVALID: { status: 401, zh: '动态验证码错误', en: 'The one-time code is wrong' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '连续登录失败次数过多,账号已锁定,请稍后再试',
    en: 'Too many failed logins; the account is locked for a while',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  CSRF: { status: 403, zh: '请求校验失败,请刷新页面后重试', en: 'Request check failed; reload the page and retry' },
  FORBIDDEN: { status: 403, zh: '没有执行此操作的权限', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '记录不存在或不在您的管辖范围内', en: 'Not found, or outside your region' },
  VERSION_CONFLICT: { status: 409, zh: '该记录已被他人修改,请刷新后再编辑', en: 'Someone else changed this record; reload and edit again' },
  POSSIBLE_DUPLICATE: {
    status: 409,
    zh: '发现可能重复的人员(同名、同出生日期、同村),请核对后确认',
    en: 'Possible duplicate (same name, birth date and village); check and confirm',
  },
  ID_NUMBER_EXISTS: { status: 409, zh: '该身份证号已登记', en: 'This ID number is already registered' },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  INVALID_TRANSITION: { status: 409, zh: '当前状态下不能执行此操作', en: 'This action is not allowed in the current status' },
  CASE_CLAIMED: { status: 409, zh: '该事项已由他人认领办理', en: 'Another worker has claimed this case' },
  APPROVAL_REQUIRED: {
    status: 409,
    zh: '此操作须由一人申请、另一人审批后生效',
    en: 'This action needs a request by one person and an approval by another',
  },
  MAKER_CHECKER_SAME_PERSON: { status: 403, zh: '申请人不能审批自己的申请', en: 'The requester cannot approve their own request' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The user name is taken' },
  PARAMETER_MISSING: {
    status: 409,
    zh: '缺少当日有效的业务参数,请先由市民政局配置',
    en: 'No rule parameter is in force for the date; county staff must configure it',
  },
  PROVIDER_BLACKLISTED: {
    status: 409,
    zh: '该服务机构在黑名单中,不能派单或接单',
    en: 'The provider is blacklisted: no new orders or dispatch',
  },
  CAREGIVER_BLACKLISTED: { status: 409, zh: '该护理员在黑名单中,不能派单', en: 'The caregiver is blacklisted and cannot be dispatched' },
  SETTLEMENT_CLOSED: {
    status: 409,
    zh: '该月结算已审批,新增服务请计入下月结算或以调整行更正',
    en: 'The month is approved; new services go to a later settlement, corrections are adjusting entries',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '该客户端事件编号已用于其他操作',
    en: 'This clientEventId was already used for a different event',
  },
  VISIT_FLAGGED: {
    status: 409,
    zh: '服务记录存在未处理的异常,须审核通过后才能结算',
    en: 'The visit has open anomaly flags; it is excluded from payment until cleared',
  },
  REFERENCE_VIOLATION: {
    status: 409,
    zh: '引用的记录不存在,或该记录仍被其他数据引用',
    en: 'A referenced record does not exist, or the record is still referenced by other data',
  },
  CHECK_VIOLATION: {
    status: 400,
    zh: '数据不符合规则(状态、金额或日期范围有误)',
    en: 'The data breaks a rule (status, amount or date range)',
  },
  DUPLICATE_RECORD: { status: 409, zh: '记录已存在,不能重复登记', en: 'The record already exists' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '文件太大', en: 'The file is too large' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁', en: 'Too many requests' },
  INTERNAL: { status: 500, zh: '系统内部错误,已记录,请稍后再试', en: 'Internal error; it has been logged' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetail[] = [],
    readonly override?: { zh?: string; en?: string },
  ) {
    super(override?.en ?? ERROR_CODES[code].en);
    this.status = ERROR_CODES[code].status;
  }
}

export function fieldError(field: string, zh: string, en: string, code?: string): AppError {
  return new AppError('VALIDATION_FAILED', [{ field, code, message: `${zh} / ${en}` }]);
}
