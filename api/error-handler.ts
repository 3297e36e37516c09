/**
 * The one error handler: every error becomes `application/problem+json` (RFC 9457) with a stable
 * `code`, a `title` that names the kind of problem (the same for every occurrence of its status), the
 * `detail` of this occurrence for people (Chinese), and where known the offending `field` — domain refusals, edge refusals (api/edge), schema failures, Fastify's
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
import { validationErrors } from './validation-messages.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  /** This occurrence, for people. */
  detail: string;
  field?: string;
  instance: string;
  errors?: { field: string; message: string }[];
}

/** The title of a problem: what kind it is, by status (its `detail` says what happened this time). */
export const STATUS_TITLES: Record<number, string> = {
  400: '请求无效',
  401: '需要登录',
  403: '无权执行此操作',
  404: '资源不存在',
  409: '与当前状态冲突',
  413: '请求体过大',
  414: '请求地址过长',
  415: '不支持的请求体类型',
  422: '请求无法处理',
  423: '账号已锁定',
  429: '请求过于频繁',
  500: '服务器内部错误',
  503: '服务暂时不可用',
};
export const problemTitle = (status: number): string =>
  STATUS_TITLES[status] ?? (status >= 500 ? STATUS_TITLES[500]! : STATUS_TITLES[400]!);

const ENGINE_STATUS: Record<EngineError['code'], number> = {
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  DEPLOY_INVALID: 422,
  MESSAGE_ALREADY_EXISTS: 409,
  INVALID_ARGUMENT: 400,
  UNAVAILABLE: 503,
};

/** Codes whose status the conventions below do not give. */
const DOMAIN_STATUS: Record<string, number> = {
  ACCOUNT_LOCKED: 423,
  PASSWORD_EXPIRED: 403,
  ACCOUNT_DISABLED: 403,
  CALENDAR_RANGE_TOO_LONG: 400,
  INVALID_DATE: 400,
  REPORT_MONTH_NOT_ENDED: 409,
  REPORT_PDF_UNAVAILABLE: 503,
  VALIDATION_FAILED: 400,
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

/** Fastify's own refusals: code, status and the Chinese detail (Fastify's English message follows it). */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; detail: string; field: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', detail: '请求体过大', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: '不支持的请求体类型（只接受 application/json）',
    field: 'headers.content-type',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: '不支持的请求体类型（只接受 application/json）',
    field: 'headers.content-type',
  },
  FST_ERR_CTP_EMPTY_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: '请求体缺少类型（Content-Type）',
    field: 'headers.content-type',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', detail: '请求地址的百分号编码无效', field: 'url' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', detail: '路径参数过长', field: 'params' },
};

/**
 * A unique-key race (two identical requests past the existence check): the code the sequential
 * path answers, so a client sees one answer whatever the timing.
 */
const UNIQUE_CODES: Record<string, { code: string; detail: string; field: string }> = {
  user_account: { code: 'USER_EXISTS', detail: '用户名已存在', field: 'username' },
  project: { code: 'PROJECT_EXISTS', detail: '项目已登记', field: 'body.code' },
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function uniqueField(request: FastifyRequest, violation: UniqueViolation): string | undefined {
  const name = violation.columns[0] ? camel(violation.columns[0]) : undefined;
  if (!name) return undefined;
  const parts: [string, unknown][] = [
    ['body', request.body],
    ['params', request.params],
    ['querystring', request.query],
  ];
  const part = parts.find(([, v]) => v !== null && typeof v === 'object' && Object.hasOwn(v, name));
  return part ? `${part[0]}.${name}` : name;
}

/** The problem type of a code: one URI per code. */
export const problemType = (code: string): string =>
  `https://zhuhai-approval.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<Problem, 'type' | 'instance' | 'title'> & { type?: string; title?: string },
): FastifyReply {
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: problem.type ?? problemType(problem.code),
      title: problem.title ?? problemTitle(problem.status),
      instance: request.url,
      ...problem,
    });
}

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
    const errors = Array.isArray(error.details?.errors) ? (error.details.errors as Problem['errors']) : undefined;
    return sendProblem(reply, request, {
      status: domainStatus(error.code),
      detail: error.message,
      code: error.code,
      ...(field ? { field } : {}),
      ...(errors ? { errors } : {}),
    });
  }
  if (error instanceof EdgeRefusal) {
    return sendProblem(reply, request, {
      status: error.status,
      detail: error.message,
      code: error.code,
      field: error.field,
    });
  }
  if (error instanceof EngineError) {
    const problems = error.details.problems;
    return sendProblem(reply, request, {
      status: ENGINE_STATUS[error.code],
      detail: error.message,
      code: `ENGINE_${error.code}`,
      ...(problems ? { errors: problems.map((p) => ({ field: p.elementId, message: p.message })) } : {}),
    });
  }
  if (error instanceof AuditUnavailableError) {
    request.log.error({ err: error }, 'audit log unavailable: action refused');
    return sendProblem(reply, request, {
      status: 503,
      detail: '审计日志暂时无法写入，操作未执行，请稍后重试',
      code: 'AUDIT_UNAVAILABLE',
    });
  }
  if (connectionLost(error)) {
    request.log.warn({ err: error }, 'database connection lost: request refused');
    return sendProblem(reply.header('retry-after', '5'), request, {
      status: 503,
      detail: '数据库暂时不可用，操作未执行，请稍后重试',
      code: 'DATABASE_UNAVAILABLE',
    });
  }
  const violation = uniqueViolation(error);
  if (violation) {
    const known = UNIQUE_CODES[violation.table ?? ''];
    const field = known?.field ?? uniqueField(request, violation);
    return sendProblem(reply, request, {
      status: 409,
      detail: known?.detail ?? '记录已存在',
      code: known?.code ?? 'ALREADY_EXISTS',
      ...(field ? { field } : {}),
    });
  }
  const fe = error as FastifyError & {
    validation?: Parameters<typeof validationErrors>[0];
    validationContext?: string;
  };
  if (fe.validation) {
    const errors = validationErrors(fe.validation, fe.validationContext ?? 'body');
    return sendProblem(reply, request, {
      status: 400,
      detail: `请求参数无效: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      code: 'VALIDATION_FAILED',
      field: errors[0]?.field,
      errors,
    });
  }
  const framework = fe.code ? FRAMEWORK_ERRORS[fe.code] : undefined;
  if (framework) return sendProblem(reply, request, { ...framework, detail: `${framework.detail} (${fe.message})` });
  const status = fe.statusCode ?? 500;
  if (status < 500) {
    const code = fe.code?.startsWith('FST_ERR_CTP')
      ? 'MALFORMED_BODY'
      : status === 429
        ? 'RATE_LIMITED'
        : status === 404
          ? 'NOT_FOUND'
          : 'BAD_REQUEST';
    if (code === 'MALFORMED_BODY')
      return sendProblem(reply, request, {
        status,
        detail: `请求体不是有效的 JSON (${fe.message})`,
        code,
        field: 'body',
      });
    return sendProblem(reply, request, {
      status,
      detail: code === 'RATE_LIMITED' ? `请求过于频繁,请稍后重试 (${fe.message})` : fe.message,
      code,
    });
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, request, { status: 500, detail: '服务器内部错误,请稍后重试', code: 'INTERNAL' });
}
