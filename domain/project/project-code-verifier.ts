/**
 * 项目代码核验 — the port to 广东省投资项目在线审批监管平台 (gdtz.gov.cn), the authoritative check of a
 * project code (1439号: a case whose code is missing or fails verification is not accepted). The real
 * client lives in infra; project-code-verifier.fake.ts is the in-memory fake for tests and demos.
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
