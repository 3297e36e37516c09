/**
 * HTTP client of the provincial e-certificate service (省数字空间 电子证照). Contract (ours until
 * the province publishes its own; certificates.fake-server.ts implements the same):
 *   POST {baseUrl}/v1/certificates                       issue   (Idempotency-Key header) → IssuedCertificate
 *   GET  {baseUrl}/v1/certificates/{identifier}          verify  → CertificateVerification
 *                                                        (404 {code: CERTIFICATE_NOT_FOUND} → { found: false })
 *   POST {baseUrl}/v1/certificates/{identifier}/revoke   revoke  { reason } → { identifier, status: '03' }
 * Every call carries X-Api-Key. 4xx → RejectedByOutsideError; down/timeout/5xx/429 → RetryableOutsideError.
 */
import type { Logger } from '../logger.ts';
import { RejectedByOutsideError, RetryableOutsideError } from '../outside-errors.ts';
import { callOutside } from '../outside-http.ts';
import type {
  CertificateService,
  CertificateVerification,
  IssueCertificateRequest,
  IssuedCertificate,
  RevokedCertificate,
} from './certificates.port.ts';

/** The code the service sends with 404 when the identifier is well formed but unknown. */
export const NOT_FOUND = 'CERTIFICATE_NOT_FOUND';

export interface CertificatesClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  logger?: Logger;
}

export function createCertificatesClient(options: CertificatesClientOptions): CertificateService {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const common = { system: 'certificates', timeoutMs: options.timeoutMs, logger: options.logger } as const;
  const auth = { 'x-api-key': options.apiKey };
  const at = (identifier: string) => `${baseUrl}/v1/certificates/${encodeURIComponent(identifier)}`;

  return {
    async issue(request: IssueCertificateRequest): Promise<IssuedCertificate> {
      const { idempotencyKey, ...data } = request;
      const { body } = await callOutside<IssuedCertificate>({
        ...common,
        operation: 'issue',
        method: 'POST',
        url: `${baseUrl}/v1/certificates`,
        headers: { ...auth, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(data),
      });
      if (typeof body.identifier !== 'string' || typeof body.fileHash !== 'string') {
        throw new RetryableOutsideError('certificates', 'issue', 'bad-response', {
          reason: 'no identifier or fileHash in the answer',
        });
      }
      options.logger?.info({ identifier: body.identifier, typeCode: request.typeCode }, 'e-certificate issued');
      return body;
    },

    async verify(identifier: string): Promise<CertificateVerification> {
      const { status, body } = await callOutside<CertificateVerification & { code?: string; message?: string }>({
        ...common,
        operation: 'verify',
        method: 'GET',
        url: at(identifier),
        headers: auth,
        acceptStatuses: [404],
      });
      if (status !== 404) return { ...body, found: true } as CertificateVerification;
      // Only the service's own "no such certificate" is an answer; any other 404 (wrong URL) is not.
      if (body.code !== NOT_FOUND)
        throw new RejectedByOutsideError('certificates', 'verify', 404, body.message ?? 'not found', body.code);
      return { found: false, identifier, valid: false };
    },

    async revoke(identifier: string, reason: string): Promise<RevokedCertificate> {
      const { body } = await callOutside<RevokedCertificate>({
        ...common,
        operation: 'revoke',
        method: 'POST',
        url: `${at(identifier)}/revoke`,
        headers: auth,
        body: JSON.stringify({ reason }),
      });
      options.logger?.info({ identifier }, 'e-certificate revoked');
      return { identifier: body.identifier, status: body.status };
    },
  };
}
