import { AppError } from '../errors.ts';

/**
 * Database integrity errors (foreign key, CHECK, unique) turned into AppErrors, so a request the
 * services did not foresee is refused with a 4xx naming the constraint instead of a 500.
 * Both drivers (pg and PGlite) raise errors carrying the SQLSTATE in `code` and the constraint
 * name in `constraint`; drizzle wraps them (DrizzleQueryError), so the `cause` chain is walked.
 */
interface PgErrorFields {
  code: string;
  constraint?: string;
  column?: string;
  table?: string;
}

function pgFields(e: unknown): PgErrorFields | null {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const o = cur as { code?: unknown; constraint?: unknown; column?: unknown; table?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) {
      return {
        code: o.code,
        constraint: typeof o.constraint === 'string' ? o.constraint : undefined,
        column: typeof o.column === 'string' ? o.column : undefined,
        table: typeof o.table === 'string' ? o.table : undefined,
      };
    }
    cur = o.cause;
  }
  return null;
}

/** The AppError for an integrity violation, or null when `e` is something else. */
export function constraintAppError(e: unknown): AppError | null {
  const f = pgFields(e);
  if (!f) return null;
  const name = f.constraint ?? f.code;
  const detail = { field: f.column ?? '', code: name, message: `违反数据约束 ${name} / violates constraint ${name}` };
  if (f.code === '23503') return new AppError('REFERENCE_VIOLATION', [detail]);
  if (f.code === '23514' || f.code === '23502') return new AppError('CHECK_VIOLATION', [detail]);
  if (f.code === '23505') return new AppError('DUPLICATE_RECORD', [detail]);
  return null;
}
