/**
 * The one error handler: every error becomes `application/problem+json` with a stable code and, where
 * known, the offending field. Domain and engine codes map to statuses here; 5xx details never leak.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { EngineError } from '../infra/engine/port.ts';

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
  REPORT_MONTH_NOT_ENDED: 409, REPORT_PDF_UNAVAILABLE: 503,
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
    return sendProblem(reply, request, { status: domainStatus(error.code), title: error.message, code: error.code, ...(field ? { field } : {}) });
  }
  if (error instanceof EngineError) {
    const problems = error.details.problems;
    return sendProblem(reply, request, {
      status: ENGINE_STATUS[error.code], title: error.message, code: `ENGINE_${error.code}`,
      ...(problems ? { errors: problems.map((p) => ({ field: p.elementId, message: p.message })) } : {}),
    });
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
  const status = fe.statusCode ?? 500;
  if (status < 500) {
    const code = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE'
      : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE'
      : fe.code?.startsWith('FST_ERR_CTP') ? 'MALFORMED_BODY'
      : status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return sendProblem(reply, request, { status, title: fe.message, code, ...(code === 'MALFORMED_BODY' || code === 'BODY_TOO_LARGE' ? { field: 'body' } : {}) });
  }
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, request, { status: 500, title: 'Internal error.', code: 'INTERNAL' });
}
