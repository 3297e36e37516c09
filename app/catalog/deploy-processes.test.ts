import { describe, expect, it } from 'vitest';
import { actor } from '../../test/app-fixture.ts';
import type { ProcessDeployment } from '../../domain/ports/process-deployment.port.ts';
import { createDeployProcesses } from './deploy-processes.ts';

/** A fake deployment: lint findings by resource XML, deployments recorded. */
function fakeProcesses(findings: Record<string, Awaited<ReturnType<ProcessDeployment['lint']>>>) {
  const deployed: string[] = [];
  const processes: ProcessDeployment = {
    versions: async () => [],
    lint: async (xml) => findings[xml] ?? [],
    deploy: async (resources) => {
      deployed.push(...resources.map((r) => r.name));
      return resources.map((r, i) => ({
        bpmnProcessId: r.name.replace('.bpmn', ''),
        version: i + 1,
        processDefinitionKey: String(i),
        resourceName: r.name,
        isNew: true,
      }));
    },
  };
  return { processes, deployed };
}

describe('deploying stage diagrams (use case)', () => {
  const developer = actor(['DEVELOPER'], { departmentCode: 'VENDOR' });

  it('deploys nothing when any diagram has a lint error, naming every problem by resource and element', async () => {
    // given two diagrams, the second with an error and a warning
    const { processes, deployed } = fakeProcesses({
      bad: [
        { category: 'error', rule: 'camunda-compat/timer', message: 'timer not supported', elementId: 'Timer_1' },
        { category: 'warn', rule: 'label-required', message: 'no label' },
      ],
    });
    // when a developer deploys them
    const deploying = createDeployProcesses({ processes })(developer, [
      { name: 'a.bpmn', xml: 'good' },
      { name: 'b.bpmn', xml: 'bad' },
    ]);
    // then the errors alone are listed, and nothing is deployed
    await expect(deploying).rejects.toMatchObject({
      code: 'DEPLOY_LINT_FAILED',
      details: {
        field: 'body.resources.1#Timer_1',
        errors: [{ field: 'body.resources.1#Timer_1', message: 'camunda-compat/timer: timer not supported' }],
      },
    });
    expect(deployed).toEqual([]);
  });

  it('deploys clean diagrams for developers only', async () => {
    const { processes, deployed } = fakeProcesses({});
    await expect(
      createDeployProcesses({ processes })(actor(['SUPERVISOR']), [{ name: 'a.bpmn', xml: 'good' }]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await createDeployProcesses({ processes })(developer, [{ name: 'a.bpmn', xml: 'good' }])).toEqual({
      deployed: [{ bpmnProcessId: 'a', version: 1, isNew: true }],
    });
    expect(deployed).toEqual(['a.bpmn']);
  });
});
