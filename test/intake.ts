/**
 * The system's own intake over a database and an engine, without the API or the rest of the system:
 * register a project and submit a stage application on someone's behalf, through the real use cases.
 */
import type { Database } from '../infra/db/client.ts';
import type { EnginePort } from '../infra/engine/port.ts';
import type { Clock } from '../infra/clock.ts';
import { createStore } from '../infra/db/store.ts';
import { createRegisterProject, type ProjectInput } from '../app/intake/register-project.ts';
import { createSubmitApplication, type SubmitInput } from '../app/intake/submit-application.ts';
import type { Actor as EventActor } from '../domain/case/case-event.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { createCalendars } from '../domain/calendar/calendars.ts';

export function createIntake(deps: { database: Database; engine: EnginePort; clock: Clock }) {
  const store = createStore({ database: deps.database, engine: deps.engine, calendars: createCalendars([]) });
  const offline = { verify: async () => ({ valid: true }) };
  const register = createRegisterProject({ store, clock: deps.clock, projectCodes: offline });
  const submit = createSubmitApplication({
    store,
    catalog: indexCatalog(ZHUHAI_CATALOG),
    catalogVersion: ZHUHAI_CATALOG.version,
    clock: deps.clock,
  });
  return {
    registerProject: (input: ProjectInput) => register(null, input),
    submit: ({ actor, ...input }: SubmitInput & { actor: EventActor }) => submit(null, input, actor),
  };
}
