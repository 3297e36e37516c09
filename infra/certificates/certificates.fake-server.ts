/**
 * A local fake of the provincial e-certificate service (省数字空间 电子证照), with the contract of
 * certificates.client.ts. It issues identifiers in the national format (check character included),
 * "signs" a placeholder OFD body, hashes it with SM3 (file-hash.ts), serves it at `fileUrl`, and
 * answers verify and revoke. Issue is de-duplicated by Idempotency-Key.
 */
import type { FastifyInstance } from 'fastify';
import {
  startFakeServer,
  type FakeErrorBody,
  type FakeServer,
  type FakeServerOptions,
} from '../outside-fake-server.ts';
import { buildCertificateIdentifier, parseCertificateIdentifier } from './certificate-identifier.ts';
import { CERTIFICATE_STATUS, type CertificateStatus } from './certificate-status.ts';
import { NOT_FOUND } from './certificates.client.ts';
import type { CertificateVerification, IssueCertificateRequest, IssuedCertificate } from './certificates.port.ts';
import { FILE_HASH_ALGORITHM, fileHash } from './file-hash.ts';
import { placeholderOfd } from './placeholder-ofd.ts';
import { issueSchema, revokeSchema } from './certificates.fake-schemas.ts';

export interface FakeCertificate extends IssuedCertificate {
  request: Omit<IssueCertificateRequest, 'idempotencyKey'>;
  idempotencyKey: string;
  currentStatus: CertificateStatus;
  revokedReason?: string;
}

export interface FakeCertificates extends FakeServer {
  /** Issued certificates in issue order, each once. */
  certificates(): FakeCertificate[];
  /** The file body behind a certificate's fileUrl. */
  fileBody(identifier: string): string | undefined;
  /** Changes a status as the province would (e.g. '02' 暂扣), for status-sync tests. */
  setStatus(identifier: string, status: CertificateStatus): void;
}

export interface FakeCertificatesOptions extends FakeServerOptions {
  /** Default: 'dev-cert-key' (as infra/config.ts). */
  apiKey?: string;
  /** The fake's clock, for validity checks. Default: the real time. */
  now?: () => Date;
}

type IssueBody = Omit<IssueCertificateRequest, 'idempotencyKey'>;

export async function startFakeCertificates(options: FakeCertificatesOptions = {}): Promise<FakeCertificates> {
  const apiKey = options.apiKey ?? 'dev-cert-key';
  const now = options.now ?? (() => new Date());
  const issued = new Map<string, FakeCertificate>();
  const files = new Map<string, string>();
  const byKey = new Map<string, string>();
  const sequences = new Map<string, number>();
  const fail = (code: string, message: string): FakeErrorBody => ({ code, message });
  let baseUrl = '';

  const register = (app: FastifyInstance) => {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/v1/') && request.headers['x-api-key'] !== apiKey) {
        return reply.code(401).send(fail('INVALID_API_KEY', 'API密钥无效'));
      }
    });

    app.post<{ Body: IssueBody }>('/v1/certificates', { schema: { body: issueSchema } }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || key === '')
        return reply.code(400).send(fail('MISSING_IDEMPOTENCY_KEY', '缺少幂等键 Idempotency-Key'));
      const earlier = byKey.get(key);
      if (earlier) return publicPart(issued.get(earlier) as FakeCertificate);

      const data = request.body;
      const scope = `${data.typeCode}.${data.issuer.uscc}`;
      const sequence = (sequences.get(scope) ?? 0) + 1;
      sequences.set(scope, sequence);
      const identifier = buildCertificateIdentifier({
        typeCode: data.typeCode,
        issuerCode: data.issuer.uscc,
        sequence: String(sequence).padStart(7, '0'),
        version: '001',
      });
      const issuedAt = now().toISOString();
      const body = placeholderOfd(identifier, data, issuedAt);
      const certificate: FakeCertificate = {
        identifier,
        fileHash: fileHash(body),
        hashAlgorithm: FILE_HASH_ALGORITHM,
        fileUrl: `${baseUrl}/files/${encodeURIComponent(identifier)}.ofd`,
        status: '01',
        sealVerified: true,
        issuedAt,
        request: structuredClone(data),
        idempotencyKey: key,
        currentStatus: '01',
      };
      issued.set(identifier, certificate);
      files.set(identifier, body);
      byKey.set(key, identifier);
      return publicPart(certificate);
    });

    app.get<{ Params: { identifier: string } }>('/v1/certificates/:identifier', async (request, reply) => {
      const found = lookup(request.params.identifier);
      if ('error' in found) return reply.code(found.status).send(found.error);
      return verification(found.certificate);
    });

    app.post<{ Params: { identifier: string }; Body: { reason: string } }>(
      '/v1/certificates/:identifier/revoke',
      { schema: { body: revokeSchema } },
      async (request, reply) => {
        const found = lookup(request.params.identifier);
        if ('error' in found) return reply.code(found.status).send(found.error);
        const { certificate } = found;
        if (certificate.currentStatus !== '01' && certificate.currentStatus !== '03') {
          return reply
            .code(409)
            .send(fail('INVALID_STATUS', `证照状态为${CERTIFICATE_STATUS[certificate.currentStatus]}，不能撤销`));
        }
        if (certificate.currentStatus === '01') {
          certificate.currentStatus = '03';
          certificate.revokedReason = request.body.reason;
        }
        return { identifier: certificate.identifier, status: '03' };
      },
    );

    app.get<{ Params: { file: string } }>('/files/:file', async (request, reply) => {
      const body = files.get(request.params.file.replace(/\.ofd$/, ''));
      if (body === undefined) return reply.code(404).send(fail('FILE_NOT_FOUND', '文件不存在'));
      return reply.type('application/ofd').send(body);
    });
  };

  function lookup(identifier: string): { certificate: FakeCertificate } | { status: number; error: FakeErrorBody } {
    const parsed = parseCertificateIdentifier(identifier);
    if (!parsed.valid)
      return { status: 400, error: fail('MALFORMED_IDENTIFIER', `证照标识格式错误：${parsed.reason}`) };
    const certificate = issued.get(identifier);
    return certificate ? { certificate } : { status: 404, error: fail(NOT_FOUND, `证照不存在：${identifier}`) };
  }

  function verification(c: FakeCertificate): CertificateVerification {
    const today = now().toISOString().slice(0, 10);
    const inValidity =
      c.request.validFrom <= today && (c.request.validUntil === undefined || today <= c.request.validUntil);
    return {
      found: true,
      identifier: c.identifier,
      valid: c.currentStatus === '01' && inValidity && c.sealVerified,
      status: c.currentStatus,
      statusName: CERTIFICATE_STATUS[c.currentStatus],
      typeName: c.request.typeName,
      holderName: c.request.holder.name,
      validFrom: c.request.validFrom,
      validUntil: c.request.validUntil,
      fileHash: c.fileHash,
      sealVerified: c.sealVerified,
      revokedReason: c.revokedReason,
    };
  }

  const server = await startFakeServer(options, register);
  baseUrl = server.url;
  return {
    ...server,
    certificates: () => [...issued.values()].map((c) => structuredClone(c)),
    fileBody: (identifier) => files.get(identifier),
    setStatus(identifier, status) {
      const certificate = issued.get(identifier);
      if (!certificate) throw new Error(`no certificate ${identifier}`);
      certificate.currentStatus = status;
    },
  };
}

function publicPart(c: FakeCertificate): IssuedCertificate {
  return {
    identifier: c.identifier,
    fileHash: c.fileHash,
    hashAlgorithm: c.hashAlgorithm,
    fileUrl: c.fileUrl,
    status: '01',
    sealVerified: c.sealVerified,
    issuedAt: c.issuedAt,
  };
}
