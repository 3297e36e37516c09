/**
 * 流程部署 — developers deploy stage diagrams: every resource must lint clean for Camunda 8.8 (refused
 * with DEPLOY_LINT_FAILED, one entry per problem naming the resource and element, nothing deployed),
 * then the engine validates and deploys them all or none.
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { DeployResource } from '../../domain/ports/engine.port.ts';
import type { ProcessDeployment } from '../../domain/ports/process-deployment.port.ts';

export function createDeployProcesses(deps: { processes: ProcessDeployment }) {
  return async function deployProcesses(actor: Actor, resources: DeployResource[]) {
    assertCan(actor, 'process.deploy', { kind: 'platform' });
    const problems: { field: string; message: string }[] = [];
    for (const [i, r] of resources.entries()) {
      for (const p of await deps.processes.lint(r.xml)) {
        if (p.category === 'error')
          problems.push({
            field: `body.resources.${i}${p.elementId ? `#${p.elementId}` : ''}`,
            message: `${p.rule}: ${p.message}`,
          });
      }
    }
    if (problems.length) {
      throw new DomainError('DEPLOY_LINT_FAILED', '流程图未通过 Camunda 8.8 检查,未部署任何流程', {
        field: problems[0]!.field,
        errors: problems,
      });
    }
    const deployed = await deps.processes.deploy(resources.map((r) => ({ name: r.name, xml: r.xml })));
    return { deployed: deployed.map((d) => ({ bpmnProcessId: d.bpmnProcessId, version: d.version, isNew: d.isNew })) };
  };
}
