/** The use cases of the catalogue (事项目录, 办事指南) and the stage diagrams' versions and deployment — what the catalogue and process routes call. */
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { ProcessDeployment } from '../domain/ports/process-deployment.port.ts';
import { createDeployProcesses } from './catalog/deploy-processes.ts';
import { createGetCatalogItem } from './catalog/get-catalog-item.ts';
import { createListProcessVersions } from './catalog/list-process-versions.ts';
import { createListStages } from './catalog/list-stages.ts';

export function createCatalogUseCases(deps: { catalog: CatalogIndex; processes: ProcessDeployment }) {
  return {
    listStages: createListStages(deps),
    getCatalogItem: createGetCatalogItem(deps),
    listProcessVersions: createListProcessVersions(deps),
    deployProcesses: createDeployProcesses(deps),
  };
}
export type CatalogUseCases = ReturnType<typeof createCatalogUseCases>;
