/**
 * 项目登记 — a project enters the system by its unified project code (统一项目代码), checked as typed and
 * verified with the provincial investment platform; the project and its tracker across the stages
 * (bpmn/project.bpmn) are created together.
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import { PROCESS_IDS } from '../../domain/process-contract.ts';
import { verifyProjectCode } from '../../domain/project/project-code.ts';
import type { ProjectCodeVerifier } from '../../domain/project/project-code-verifier.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';

export interface RegisterProjectDeps {
  store: Store;
  clock: Clock;
  projectCodes: ProjectCodeVerifier;
}
export interface ProjectInput {
  code: string;
  name: string;
  ownerName: string;
  ownerUscc: string;
  regionCode: string;
  flowType: string;
  contactPhone?: string;
}

/** A refusal of the code, placed on the body's `code`. */
const onCode = (err: unknown): never => {
  if (err instanceof DomainError) throw new DomainError(err.code, err.message, { ...err.details, field: 'body.code' });
  throw err;
};

export function createRegisterProject(deps: RegisterProjectDeps) {
  return async function registerProject(
    actor: Actor | null,
    input: ProjectInput,
  ): Promise<{ code: string; warnings: string[] }> {
    // null: the system itself (a migration, a test's setup) — no policy, no online verification
    let warnings: string[] = [];
    if (actor) {
      assertCan(actor, 'project.write', { kind: 'project', regionCode: input.regionCode, ownerUscc: input.ownerUscc });
      const { parsed, verification } = await verifyProjectCode(input.code, deps.clock.now(), deps.projectCodes).catch(
        onCode,
      );
      warnings = [...parsed.warnings, ...(verification.reason ? [verification.reason] : [])];
    }
    const applicantUserId = actor?.roles.includes('APPLICANT') ? actor.userId : null;
    await deps.store.transaction(async (uow) => {
      await uow.cases
        .addProject({
          ...input,
          contactPhone: input.contactPhone ?? null,
          applicantUserId,
          createdAt: deps.clock.now(),
        })
        .catch(onCode);
      const tracker = await uow.engine.createInstance({
        bpmnProcessId: PROCESS_IDS.project,
        businessKey: `project:${input.code}`,
        variables: { projectCode: input.code, flowType: input.flowType },
      });
      if (tracker.processInstanceKey) await uow.cases.setProjectInstance(input.code, tracker.processInstanceKey);
    });
    return { code: input.code, warnings };
  };
}
export type RegisterProject = ReturnType<typeof createRegisterProject>;
