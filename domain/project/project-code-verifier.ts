/**
 * 项目代码核验 — the port to 广东省投资项目在线审批监管平台 (gdtz.gov.cn), the authoritative check of a
 * project code (1439号: a case whose code is missing or fails verification is not accepted). The real
 * client lives in infra; the in-memory fake here serves tests and the embedded demo.
 */
export interface ProjectCodeVerification {
  valid: boolean;
  projectName?: string;
  ownerName?: string;
  /** 统一社会信用代码 of the owner (项目单位). */
  ownerUscc?: string;
  /** Why the code is not valid. */
  reason?: string;
}

export interface ProjectCodeVerifier {
  verify(code: string): Promise<ProjectCodeVerification>;
}

export interface KnownProject {
  projectName: string;
  ownerName: string;
  ownerUscc?: string;
}

/** Valid exactly for the codes in `known`, answering with their master data. */
export function createFakeProjectCodeVerifier(known: Record<string, KnownProject>): ProjectCodeVerifier {
  return {
    async verify(code) {
      const project = Object.hasOwn(known, code) ? known[code] : undefined;
      if (!project) return { valid: false, reason: '项目代码未在投资项目在线审批监管平台登记' };
      return { valid: true, ...project };
    },
  };
}
