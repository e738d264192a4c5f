/** The object browser lists a run's objects in DN order, a page at a time, without sorting them all. */
export const sql = `
CREATE INDEX objects_by_dn ON objects (assessment_id, dn);
`;
