/** Maps what the SDK throws (gRPC status codes, REST problem responses) to the port's EngineError codes. */
import { EngineError } from '../port.ts';

/** gRPC status codes (the SDK's Zeebe GrpcError table). */
const GRPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
} as const;

type Context = 'deploy' | 'message' | 'other';

export function toEngineError(err: unknown, what: string, context: Context = 'other'): unknown {
  if (err instanceof EngineError || typeof err !== 'object' || err === null) return err;
  const e = err as {
    code?: unknown;
    statusCode?: unknown;
    status?: unknown;
    details?: unknown;
    detail?: unknown;
    message?: unknown;
  };
  const detail = String(e.details ?? e.detail ?? e.message ?? '');
  const message = `${what}: ${detail}`;
  if (typeof e.code === 'number') {
    switch (e.code) {
      case GRPC.NOT_FOUND:
        return new EngineError('NOT_FOUND', message);
      case GRPC.INVALID_ARGUMENT:
        return new EngineError(context === 'deploy' ? 'DEPLOY_INVALID' : 'INVALID_ARGUMENT', message);
      case GRPC.ALREADY_EXISTS:
        return new EngineError(context === 'message' ? 'MESSAGE_ALREADY_EXISTS' : 'INVALID_STATE', message);
      case GRPC.FAILED_PRECONDITION:
        return new EngineError('INVALID_STATE', message);
      case GRPC.UNAVAILABLE:
      case GRPC.DEADLINE_EXCEEDED:
        return new EngineError('UNAVAILABLE', message);
      default:
        return err;
    }
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  if (status === 404) return new EngineError('NOT_FOUND', message);
  if (status === 409) return new EngineError('INVALID_STATE', message);
  if (status === 400) return new EngineError('INVALID_ARGUMENT', message);
  if (status === 503 || status === 504) return new EngineError('UNAVAILABLE', message);
  return err;
}

/** Runs an SDK call and rethrows its failure as an EngineError where one fits. */
export async function call<T>(what: string, fn: () => Promise<T>, context: Context = 'other'): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toEngineError(err, what, context);
  }
}
