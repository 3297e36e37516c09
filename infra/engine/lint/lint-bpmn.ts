/**
 * Lints a BPMN diagram for Camunda 8.8 through bpmnlint's `Linter` API — never its CLI, which parses
 * without the zeebe extension and then misreports every `zeebe:*` element. The diagram is parsed by
 * a bpmn-moddle that knows `zeebe:` and `modeler:`; the rules come from modeler-plugins/.bpmnlintrc,
 * the same file an analyst's Camunda Modeler loads.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);

/** bpmnlint's config shape (lib/types.d.ts): `extends` names configs, `rules` maps rule → level. */
export interface BpmnlintConfig {
  extends?: string | string[];
  rules?: Record<string, unknown>;
}

export type LintCategory = 'error' | 'warn';
export interface LintProblem {
  /** The element the problem is about; '' when it concerns the whole document (unparsable XML). */
  elementId: string;
  /** bpmnlint rule name, e.g. `label-required` or `camunda-compat/timer`; `bpmn-parse` for the XML itself. */
  rule: string;
  message: string;
  category: LintCategory;
}
export interface LintResult {
  problems: LintProblem[];
}
export interface LintOptions {
  /** Overrides modeler-plugins/.bpmnlintrc (for tests of the linter itself). */
  config?: BpmnlintConfig;
}

export const BPMNLINTRC_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../modeler-plugins/.bpmnlintrc',
);

/** The rule name under which problems of the XML itself (unparsable, unknown elements) are reported. */
export const PARSE_RULE = 'bpmn-parse';

interface Report {
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}
interface BpmnlintLinter {
  lint(moddleRoot: unknown, config?: BpmnlintConfig): Promise<Record<string, Report[]>>;
}
type LinterCtor = new (options: { config?: BpmnlintConfig; resolver: unknown }) => BpmnlintLinter;
type NodeResolverCtor = new (options: { require: NodeJS.Require }) => unknown;

let moddle: BpmnModdle | undefined;
let resolver: unknown;

function getModdle(): BpmnModdle {
  moddle ??= new BpmnModdle({
    zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') as object,
    modeler: require('modeler-moddle/resources/modeler.json') as object,
  });
  return moddle;
}

/** Reads the shared rule configuration; exported so tests can assert what analysts load. */
export function readBpmnlintrc(file = BPMNLINTRC_PATH): BpmnlintConfig {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BpmnlintConfig;
}

/**
 * A fresh `Linter` per diagram: bpmnlint instantiates each rule once per linter and some rules keep
 * state in that instance (no-duplicate-sequence-flows remembers every flow it has seen), so a shared
 * linter reports flows of one diagram as duplicates in the next. What is worth sharing — loading
 * rule and config modules — is shared through the resolver and Node's module cache.
 * Rules and plugin configs resolve through Node from this file's location (bpmnlint's NodeResolver
 * with our own `require`), so `bpmnlint-plugin-camunda-compat` is found in this project's modules.
 */
function createLinter(config: BpmnlintConfig): BpmnlintLinter {
  const { Linter } = require('bpmnlint') as { Linter: LinterCtor };
  if (!resolver) {
    const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as NodeResolverCtor;
    resolver = new NodeResolver({ require });
  }
  return new Linter({ config, resolver });
}

export async function lintBpmn(xml: string, options: LintOptions = {}): Promise<LintResult> {
  const config = options.config ?? readBpmnlintrc();
  let parsed: { rootElement: unknown; warnings: { message: string; element?: { id?: string } }[] };
  try {
    parsed = await getModdle().fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    return {
      problems: [
        { elementId: '', rule: PARSE_RULE, message: `unparsable BPMN: ${(err as Error).message}`, category: 'error' },
      ],
    };
  }
  // moddle drops what it does not understand (a misspelt zeebe:* element, an unknown attribute);
  // the engine would then silently miss it, so it is a problem of its own.
  const problems: LintProblem[] = parsed.warnings.map((w) => ({
    elementId: w.element?.id ?? '',
    rule: PARSE_RULE,
    message: w.message,
    category: 'error',
  }));
  const results = await createLinter(config).lint(parsed.rootElement, config);
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      // 'info' is advice (bpmnlint level 3), not a problem; a rule that crashed is an error.
      if (report.category === 'info') continue;
      problems.push({
        elementId: report.id ?? '',
        rule,
        message: report.message,
        category: report.category === 'warn' ? 'warn' : 'error',
      });
    }
  }
  problems.sort((a, b) => a.elementId.localeCompare(b.elementId) || a.rule.localeCompare(b.rule));
  return { problems };
}
