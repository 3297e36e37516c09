/**
 * defineWorker — a job worker with a contract: the variables it reads (`input`) and writes (`output`)
 * as TypeBox object schemas whose keys are names of domain/process-contract.ts VARIABLES (the contract
 * test holds every worker and diagram to them). The handler sees only the variables its input
 * declares, checked before `handle` runs: a missing or malformed one fails the job at once with no
 * retries (an incident) naming the variable and what it got — no retry mends a broken contract. The
 * outcome's variables are checked against `output` the same way before the job completes.
 *
 * A job ends in one of three ways: `complete(variables)`, `bpmnError(code)` (business, caught by a
 * BPMN error event), or a thrown error (technical: retried, or at once an incident for a
 * NonRetryableError). `handle` is one use-case call; the worker maps job → input and result → outcome.
 */
import type { Static, TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { NonRetryableError, type ActivatedJob, type JobOutcome } from '../domain/ports/engine.port.ts';
import type { BPMN_ERRORS, JobType } from '../domain/process-contract.ts';
import type { ProcessStep } from '../app/process-step.ts';

export type BpmnErrorCode = (typeof BPMN_ERRORS)[keyof typeof BPMN_ERRORS];

export type WorkerOutcome<Variables> =
  { outcome: 'complete'; variables: Variables } | { outcome: 'error'; errorCode: BpmnErrorCode; errorMessage?: string };

export interface WorkerContext {
  job: ActivatedJob;
  /** Job type + element instance: the same on every delivery, the key of every effect. */
  step: ProcessStep;
}

export interface WorkerSpec<Input extends TObject, Output extends TObject> {
  type: JobType;
  input: Input;
  output?: Output;
  handle(input: Static<Input>, context: WorkerContext): Promise<WorkerOutcome<Static<Output>>>;
}

export interface JobWorkerDefinition {
  type: JobType;
  input: TObject;
  output: TObject | null;
  handler(job: ActivatedJob): Promise<JobOutcome>;
}

type NoVariables = TObject<Record<never, never>>;

export function defineWorker<Input extends TObject, Output extends TObject = NoVariables>(
  spec: WorkerSpec<Input, Output>,
): JobWorkerDefinition {
  const input = Compile(spec.input);
  const output = spec.output ? Compile(spec.output) : null;
  const names = Object.keys(spec.input.properties);
  return {
    type: spec.type,
    input: spec.input,
    output: spec.output ?? null,
    async handler(job) {
      const variables: Record<string, unknown> = {};
      for (const name of names) if (job.variables[name] !== undefined) variables[name] = job.variables[name];
      if (!input.Check(variables))
        throw new NonRetryableError(`job ${job.type}: ${describe(input.Errors(variables), variables)}`);
      const outcome = await spec.handle(variables, {
        job,
        step: {
          jobType: job.type,
          elementInstanceKey: job.elementInstanceKey,
          processInstanceKey: job.processInstanceKey,
        },
      });
      if (outcome.outcome === 'complete' && output && !output.Check(outcome.variables)) {
        throw new NonRetryableError(
          `job ${job.type} produced ${describe(output.Errors(outcome.variables), outcome.variables as Record<string, unknown>)}`,
        );
      }
      return outcome.outcome === 'complete'
        ? { outcome: 'complete', variables: outcome.variables as Record<string, unknown> }
        : outcome;
    },
  };
}

export function complete(): WorkerOutcome<Static<NoVariables>>;
export function complete<Variables>(variables: Variables): WorkerOutcome<Variables>;
export function complete(variables: unknown = {}): WorkerOutcome<unknown> {
  return { outcome: 'complete', variables };
}

export function bpmnError(errorCode: BpmnErrorCode, errorMessage?: string): WorkerOutcome<never> {
  return { outcome: 'error', errorCode, ...(errorMessage ? { errorMessage } : {}) };
}

/**
 * "variable caseId is missing", "variable decision must be equal to one of the allowed values
 * (APPROVED, …) — got "MAYBE"", "variable note must be string or must be null — got 3": one phrase
 * per variable at fault (a union's alternatives joined, what lies under it left out).
 */
function describe(errors: readonly TLocalizedValidationError[], value: Record<string, unknown>): string {
  const phrases = new Map<string, string>();
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const underUnion = (pointer: string) => unions.some((u) => pointer.startsWith(`${u}/`));
  for (const error of errors) {
    const path = pathOf(error.instancePath);
    if (error.keyword === 'required') {
      for (const name of (error.params as { requiredProperties?: string[] }).requiredProperties ?? []) {
        const full = path ? `${path}.${name}` : name;
        if (!underUnion(`${error.instancePath}/${name}`)) phrases.set(full, `variable ${full} is missing`);
      }
      continue;
    }
    if (underUnion(error.instancePath) || phrases.has(path)) continue;
    const got = ` — got ${shown(at(value, error.instancePath))}`;
    if (unions.includes(error.instancePath)) {
      const alternatives = [
        ...new Set(
          errors.filter((e) => e.instancePath === error.instancePath && e.keyword !== 'anyOf').map((e) => e.message),
        ),
      ];
      const inner = errors.find((e) => e.instancePath.startsWith(`${error.instancePath}/`));
      if (inner)
        alternatives.push(`its ${pathOf(inner.instancePath.slice(error.instancePath.length))} ${inner.message}`);
      phrases.set(path, `variable ${path} ${alternatives.join(' or ') || error.message}${got}`);
      continue;
    }
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    phrases.set(path, `variable ${path} ${error.message}${allowed ? ` (${allowed.join(', ')})` : ''}${got}`);
  }
  return [...phrases.values()].join('; ') || 'invalid variables';
}

const pathOf = (pointer: string): string => pointer.split('/').filter(Boolean).join('.');

function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const key of pointer.split('/').filter(Boolean))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
