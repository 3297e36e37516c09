/**
 * The case's rows beside its event log (case.repo.ts): stage applications, item cases, projects, the
 * materials and results of a project, special procedures, and the 办件编号 counter.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { formatCaseNumber } from '../../domain/case/case-number.ts';
import type { DbOrTx } from './client.ts';
import {
  caseMaterial,
  caseNumberCounter,
  itemCase,
  project,
  resultDocument,
  specialProcedure,
  stageApplication,
} from './schema.ts';

export type ApplicationRow = typeof stageApplication.$inferSelect;
export type ItemCaseRow = typeof itemCase.$inferSelect;

export async function getApplication(db: DbOrTx, id: string): Promise<ApplicationRow | null> {
  return (await db.select().from(stageApplication).where(eq(stageApplication.id, id)))[0] ?? null;
}

export async function getItemCase(db: DbOrTx, id: string): Promise<ItemCaseRow | null> {
  return (await db.select().from(itemCase).where(eq(itemCase.id, id)))[0] ?? null;
}

export async function itemCasesOfApplication(db: DbOrTx, applicationId: string): Promise<ItemCaseRow[]> {
  return db.select().from(itemCase).where(eq(itemCase.applicationId, applicationId)).orderBy(asc(itemCase.id));
}

export async function getProject(db: DbOrTx, code: string): Promise<typeof project.$inferSelect | null> {
  return (await db.select().from(project).where(eq(project.code, code)))[0] ?? null;
}

/** Materials the project already holds: everything uploaded or referenced for any of its applications. */
export async function materialsOfProject(
  db: DbOrTx,
  projectCode: string,
): Promise<(typeof caseMaterial.$inferSelect)[]> {
  return db
    .select({ m: caseMaterial })
    .from(caseMaterial)
    .innerJoin(stageApplication, eq(stageApplication.id, caseMaterial.applicationId))
    .where(eq(stageApplication.projectCode, projectCode))
    .then((rows) => rows.map((r) => r.m));
}

/** Results (documents and e-certificates) of the project's item cases, by item code. */
export async function resultsOfProject(
  db: DbOrTx,
  projectCode: string,
): Promise<{ itemCode: string; kind: 'ECERT' | 'DOCUMENT'; certificateId: string | null }[]> {
  return db
    .select({ itemCode: itemCase.itemCode, kind: resultDocument.kind, certificateId: resultDocument.certificateId })
    .from(resultDocument)
    .innerJoin(itemCase, eq(itemCase.id, resultDocument.caseId))
    .where(eq(itemCase.projectCode, projectCode));
}

/** The next 办件编号 of the Asia/Shanghai day of `at`: ZH + yyyymmdd + a per-day serial. */
export async function nextCaseNumber(db: DbOrTx, at: Date): Promise<string> {
  const day = formatCaseNumber(at, 1).slice(2, 10);
  const [row] = await db
    .insert(caseNumberCounter)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: caseNumberCounter.day, set: { last: sql`${caseNumberCounter.last} + 1` } })
    .returning({ last: caseNumberCounter.last });
  return formatCaseNumber(at, row!.last);
}

export async function getSpecialProcedure(
  db: DbOrTx,
  id: string,
): Promise<typeof specialProcedure.$inferSelect | null> {
  return (await db.select().from(specialProcedure).where(eq(specialProcedure.id, id)))[0] ?? null;
}

export async function insertSpecialProcedure(
  db: DbOrTx,
  procedure: typeof specialProcedure.$inferInsert,
): Promise<void> {
  await db.insert(specialProcedure).values(procedure).onConflictDoNothing();
}

export async function finishSpecialProcedure(
  db: DbOrTx,
  id: string,
  outcome: { finishedAt: Date; result: string; note: string },
): Promise<void> {
  await db.update(specialProcedure).set(outcome).where(eq(specialProcedure.id, id));
}

export async function insertResult(db: DbOrTx, result: typeof resultDocument.$inferInsert): Promise<void> {
  await db.insert(resultDocument).values(result).onConflictDoNothing();
}
