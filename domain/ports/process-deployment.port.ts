/**
 * 流程版本 — the stage diagrams as deployed: the versions the engine holds, the lint gate every diagram
 * passes for Camunda 8.8 before deployment, and the deployment itself (the engine's own validation
 * follows the lint; all or nothing).
 */
import type { DeployedProcess, DeployResource } from './engine.port.ts';

export interface ProcessVersion {
  key: string;
  bpmnProcessId: string;
  version: number;
  checksum: string;
}

export interface LintFinding {
  category: 'error' | 'warn';
  rule: string;
  message: string;
  /** The BPMN element the finding is about, when there is one. */
  elementId?: string;
}

export interface ProcessDeployment {
  /** Every deployed version, newest first per process. */
  versions(): Promise<ProcessVersion[]>;
  lint(xml: string): Promise<LintFinding[]>;
  deploy(resources: DeployResource[]): Promise<DeployedProcess[]>;
}
