/** Reads the diagrams in bpmn/ (or given files) as deploy resources. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeployResource } from './port.ts';

export const BPMN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bpmn');

export function readBpmnFiles(files?: string[]): DeployResource[] {
  const list =
    files ??
    (fs.existsSync(BPMN_DIR)
      ? fs
          .readdirSync(BPMN_DIR)
          .filter((f) => f.endsWith('.bpmn'))
          .sort()
          .map((f) => path.join(BPMN_DIR, f))
      : []);
  return list.map((file) => ({ name: path.basename(file), xml: fs.readFileSync(file, 'utf8') }));
}
