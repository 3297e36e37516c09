/** Ids of the legal clocks of a case: one administrative clock per item case, one per special procedure. */

export const SPECIAL_CLOCK_SUFFIX = ':SPECIAL';

/** The administrative (or immediate) clock of an item case. */
export const adminClockId = (caseId: string): string => `${caseId}:ADMIN`;

/** The clock of a special procedure (特别程序). */
export const specialClockId = (procedureId: string): string => `${procedureId}${SPECIAL_CLOCK_SUFFIX}`;
