/** An in-memory ProjectCodeVerifier: valid exactly for the codes it was given, answering with their master data. */
import type { ProjectCodeVerifier } from './project-code-verifier.ts';

export interface KnownProject {
  projectName: string;
  ownerName: string;
  ownerUscc?: string;
}

export function createFakeProjectCodeVerifier(known: Record<string, KnownProject>): ProjectCodeVerifier {
  return {
    async verify(code) {
      const project = Object.hasOwn(known, code) ? known[code] : undefined;
      if (!project) return { valid: false, reason: '项目代码未在投资项目在线审批监管平台登记' };
      return { valid: true, ...project };
    },
  };
}
