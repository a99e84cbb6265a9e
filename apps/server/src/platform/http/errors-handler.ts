import type { ErrorBody, ErrorDetail } from '@lq/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { constraintAppError } from '../db/constraint-errors.ts';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';

export function wantsEnglish(req: FastifyRequest): boolean {
  const al = req.headers['accept-language'];
  return typeof al === 'string' && /^en\b/i.test(al.trim());
}

export function errorBody(
  req: FastifyRequest,
  code: ErrorCode,
  details: ErrorDetail[],
  override?: { zh?: string; en?: string },
): ErrorBody {
  const def = ERROR_CODES[code];
  const zh = override?.zh ?? def.zh;
  const en = override?.en ?? def.en;
  return { code, message: wantsEnglish(req) ? en : zh, messageEn: en, details, requestId: req.id };
}

function pathToField(instancePath: string, context?: string): string {
  const p = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  return p || context || '';
}

/** One mapping from anything thrown to `{ code, message, details }`: bad input is 4xx, never 500. */
export function handleError(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    reply.status(error.status).send(errorBody(req, error.code, error.details, error.override));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details: ErrorDetail[] = error.validation.map((v) => ({
      field: pathToField(v.instancePath, (error as { validationContext?: string }).validationContext),
      code: String((v.params as { issue?: { code?: string } })?.issue?.code ?? v.keyword ?? 'invalid'),
      message: v.message ?? 'invalid',
    }));
    reply.status(400).send(errorBody(req, 'VALIDATION_FAILED', details));
    return;
  }
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    reply.status(500).send(errorBody(req, 'INTERNAL', []));
    return;
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
    reply.status(413).send(errorBody(req, 'PAYLOAD_TOO_LARGE', []));
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx (malformed JSON, wrong content type, ...).
    reply.status(fe.statusCode).send(errorBody(req, fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', [{ message: fe.message }]));
    return;
  }
  const integrity = constraintAppError(error);
  if (integrity) {
    // A write the services did not check first: the database refused it, the caller gets a 4xx.
    req.log.warn({ err: error }, 'database constraint refused a write');
    reply.status(integrity.status).send(errorBody(req, integrity.code, integrity.details));
    return;
  }
  const pgCode = postgresCode(error);
  if (pgCode?.startsWith('22')) {
    // Data exceptions (a value the column type refuses: invalid uuid or date text, out-of-range
    // number, untranslatable character) come from input that got past validation: a 400, logged.
    req.log.warn({ err: error, pgCode }, 'database refused a value');
    reply
      .status(400)
      .send(
        errorBody(req, 'VALIDATION_FAILED', [
          { field: '', code: `db_${pgCode}`, message: '数据格式或取值不被接受 / a value has the wrong format or is out of range' },
        ]),
      );
    return;
  }
  req.log.error({ err: error }, 'unhandled error');
  reply.status(500).send(errorBody(req, 'INTERNAL', []));
}

/** The SQLSTATE of a PostgreSQL error (node-postgres and PGlite both expose `code`), also when wrapped in `cause`. */
function postgresCode(error: unknown): string | null {
  for (let e: unknown = error, i = 0; e && typeof e === 'object' && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** Errors Fastify raises before a route runs (bad URI encoding, a too long path parameter): 4xx in the platform's shape. */
export function handleFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply.status(status).send(errorBody(req, 'BAD_REQUEST', [{ code: error.code, message: error.message }]));
}
