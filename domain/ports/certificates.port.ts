/**
 * 省数字空间 电子证照 / 电子印章 — the port to the provincial e-certificate and e-seal service
 * (办法 §6). Fields follow BRIEF §6 (GB/T 36903 metadata as seen in public code).
 *
 * Errors: `RetryableOutsideError` (down, timeout, 5xx) — issue again with the same idempotency key;
 * `RejectedByOutsideError` (bad key, missing field, malformed or unknown identifier on revoke).
 */
import type { CertificateStatus } from '../certificate/certificate-status.ts';

/** Holder code type (持证主体代码类型): 111 = 公民身份号码; 001 = 统一社会信用代码 [Proposed]. */
export type HolderCodeType = '111' | '001' | (string & {});

export interface IssueCertificateRequest {
  /** 证照类型代码: defining authority USCC + 3-digit type, e.g. 11100000000013338W032. */
  typeCode: string;
  /** 证照类型名称, e.g. 建筑工程施工许可证. */
  typeName: string;
  /** 证照编号 printed on the certificate, when the department numbers it. */
  certificateNumber?: string;
  holder: { name: string; code: string; codeType: HolderCodeType };
  /** 颁发机构: name and 统一社会信用代码. */
  issuer: { name: string; uscc: string };
  /** 关联事项 (the approval item the certificate results from). */
  relatedItem: { code: string; name: string };
  /** extend_info: the business fields of this certificate type. */
  businessData: Readonly<Record<string, unknown>>;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD; absent = 长期有效. */
  validUntil?: string;
  /** 属地编码 (行政区划), e.g. 440400. */
  areaCode: string;
  /** Same key → the same certificate, issued once. */
  idempotencyKey: string;
}

export interface IssuedCertificate {
  /** The national identifier, 1.2.156.3005.2.… (see certificate-identifier.ts). */
  identifier: string;
  /** Hex digest of the OFD file. */
  fileHash: string;
  /** SM3 as the standard asks; sha256 only where the runtime lacks SM3. */
  hashAlgorithm: 'SM3' | 'SHA256';
  fileUrl: string;
  status: '01';
  /** The issuing department's e-seal (SM2) was applied and verified. */
  sealVerified: boolean;
  issuedAt: string;
}

export type CertificateVerification =
  | { found: false; identifier: string; valid: false }
  | {
      found: true;
      identifier: string;
      /** status 01, within validity, seal verified. */
      valid: boolean;
      status: CertificateStatus;
      statusName: string;
      typeName: string;
      holderName: string;
      validFrom: string;
      validUntil?: string;
      fileHash: string;
      sealVerified: boolean;
      revokedReason?: string;
    };

export interface RevokedCertificate {
  identifier: string;
  status: '03';
}

export interface CertificateService {
  issue(request: IssueCertificateRequest): Promise<IssuedCertificate>;
  verify(identifier: string): Promise<CertificateVerification>;
  revoke(identifier: string, reason: string): Promise<RevokedCertificate>;
}
