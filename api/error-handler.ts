/**
 * The one error handler: every error becomes `application/problem+json` with a stable code and, where
 * known, the offending field — domain refusals, edge refusals (api/edge), schema failures, Fastify's
 * own refusals (body too large, media type, bad URL, parameter too long; `frameworkErrors` routes the
 * router's here too), a unique-constraint race (409) and an audit log that cannot be written (503,
 * the action refused). Domain and engine codes map to statuses here; 5xx details never leak.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { EngineError } from '../infra/engine/port.ts';
import { AuditUnavailableError } from '../infra/db/audit.repo.ts';
import { connectionLost } from '../infra/db/connection-lost.ts';
import { uniqueViolation, type UniqueViolation } from '../infra/db/unique-violation.ts';
import { EdgeRefusal } from './edge/edge-refusal.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  field?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

const ENGINE_STATUS: Record<EngineError['code'], number> = {
  NOT_FOUND: 404, INVALID_STATE: 409, DEPLOY_INVALID: 422, MESSAGE_ALREADY_EXISTS: 409, INVALID_ARGUMENT: 400, UNAVAILABLE: 503,
};

/** Codes whose status the conventions below do not give. */
const DOMAIN_STATUS: Record<string, number> = {
  ACCOUNT_LOCKED: 423, PASSWORD_EXPIRED: 403, ACCOUNT_DISABLED: 403, CALENDAR_RANGE_TOO_LONG: 400, INVALID_DATE: 400,
  REPORT_MONTH_NOT_ENDED: 409, REPORT_PDF_UNAVAILABLE: 503, VALIDATION_FAILED: 400,
};

/** Domain codes are mapped by an explicit table, then by suffix/prefix conventions. */
export function domainStatus(code: string): number {
  const explicit = DOMAIN_STATUS[code];
  if (explicit) return explicit;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code.startsWith('FORBIDDEN') || code.endsWith('_FORBIDDEN')) return 403;
  if (code.startsWith('AUTH_') || code === 'UNAUTHENTICATED') return 401;
  if (code.includes('ILLEGAL_TRANSITION') || code.endsWith('_CONFLICT') || code.endsWith('_EXISTS')) return 409;
  if (code === 'RATE_LIMITED') return 429;
  return 422;
}

/** Fastify's own refusals: code, status and a Chinese title (Fastify's English message goes in `detail`). */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; title: string; field: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', title: '请求体过大', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: '不支持的请求体类型（只接受 application/json）', field: 'headers.content-type' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: '不支持的请求体类型（只接受 application/json）', field: 'headers.content-type' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: '请求体缺少类型（Content-Type）', field: 'headers.content-type' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', title: '请求地址的百分号编码无效', field: 'url' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', title: '路径参数过长', field: 'params' },
};

/**
 * A unique-key race (two identical requests past the existence check): the code the sequential
 * path answers, so a client sees one answer whatever the timing.
 */
const UNIQUE_CODES: Record<string, { code: string; title: string; field: string }> = {
  user_account: { code: 'USER_EXISTS', title: '用户名已存在', field: 'username' },
  project: { code: 'PROJECT_EXISTS', title: '项目已登记', field: 'body.code' },
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function uniqueField(request: FastifyRequest, violation: UniqueViolation): string | undefined {
  const name = violation.columns[0] ? camel(violation.columns[0]) : undefined;
  if (!name) return undefined;
  const parts: [string, unknown][] = [['body', request.body], ['params', request.params], ['querystring', request.query]];
  const part = parts.find(([, v]) => v !== null && typeof v === 'object' && Object.hasOwn(v, name));
  return part ? `${part[0]}.${name}` : name;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'type' | 'instance'> & { type?: string }): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send({
    type: problem.type ?? `https://zhuhai-approval.example/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
    instance: request.url,
    ...problem,
  });
}

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
    const errors = Array.isArray(error.details?.errors) ? error.details.errors as Problem['errors'] : undefined;
    return sendProblem(reply, request, { status: domainStatus(error.code), title: error.message, code: error.code, ...(field ? { field } : {}), ...(errors ? { errors } : {}) });
  }
  if (error instanceof EdgeRefusal) {
    return sendProblem(reply, request, { status: error.status, title: error.message, code: error.code, field: error.field });
  }
  if (error instanceof EngineError) {
    const problems = error.details.problems;
    return sendProblem(reply, request, {
      status: ENGINE_STATUS[error.code], title: error.message, code: `ENGINE_${error.code}`,
      ...(problems ? { errors: problems.map((p) => ({ field: p.elementId, message: p.message })) } : {}),
    });
  }
  if (error instanceof AuditUnavailableError) {
    request.log.error({ err: error }, 'audit log unavailable: action refused');
    return sendProblem(reply, request, { status: 503, title: '审计日志暂时无法写入，操作未执行，请稍后重试', code: 'AUDIT_UNAVAILABLE' });
  }
  if (connectionLost(error)) {
    request.log.warn({ err: error }, 'database connection lost: request refused');
    return sendProblem(reply.header('retry-after', '5'), request, { status: 503, title: '数据库暂时不可用，操作未执行，请稍后重试', code: 'DATABASE_UNAVAILABLE' });
  }
  const violation = uniqueViolation(error);
  if (violation) {
    const known = UNIQUE_CODES[violation.table ?? ''];
    const field = known?.field ?? uniqueField(request, violation);
    return sendProblem(reply, request, { status: 409, title: known?.title ?? '记录已存在', code: known?.code ?? 'ALREADY_EXISTS', ...(field ? { field } : {}) });
  }
  const fe = error as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[]; validationContext?: string };
  if (fe.validation) {
    const errors = fe.validation.map((v) => {
      const named = v.params?.missingProperty ?? (v.params?.requiredProperties as unknown[] | undefined)?.[0] ?? (v.params?.additionalProperties as unknown[] | undefined)?.[0];
      const missing = typeof named === 'string' ? `/${named}` : '';
      const pointer = `${v.instancePath ?? ''}${missing}`.replace(/^\//, '').replace(/\//g, '.');
      return { field: `${fe.validationContext ?? 'body'}${pointer ? `.${pointer}` : ''}`, message: v.message ?? 'invalid' };
    });
    return sendProblem(reply, request, { status: 400, title: 'The request is not valid.', code: 'VALIDATION_FAILED', field: errors[0]?.field, errors });
  }
  const framework = fe.code ? FRAMEWORK_ERRORS[fe.code] : undefined;
  if (framework) return sendProblem(reply, request, { ...framework, detail: fe.message });
  const status = fe.statusCode ?? 500;
  if (status < 500) {
    const code = fe.code?.startsWith('FST_ERR_CTP') ? 'MALFORMED_BODY' : status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return sendProblem(reply, request, { status, title: code === 'MALFORMED_BODY' ? '请求体不是有效的 JSON' : fe.message, code, ...(code === 'MALFORMED_BODY' ? { field: 'body', detail: fe.message } : {}) });
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, request, { status: 500, title: 'Internal error.', code: 'INTERNAL' });
}
