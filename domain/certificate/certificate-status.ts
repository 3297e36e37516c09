/** 证照状态 — MOHURD e-certificate status codes (BRIEF §6, observed; verify against the standard). */
export const CERTIFICATE_STATUS = {
  '01': '有效',
  '02': '暂扣',
  '03': '撤销',
  '04': '注销',
  '05': '失效',
  '06': '办理转出',
  '07': '吊销',
  '99': '其他',
} as const;

export type CertificateStatus = keyof typeof CERTIFICATE_STATUS;

export function isCertificateStatus(value: unknown): value is CertificateStatus {
  return typeof value === 'string' && Object.hasOwn(CERTIFICATE_STATUS, value);
}
