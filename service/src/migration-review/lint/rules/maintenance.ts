import { isOptionOn, options } from '../parse-tree';
import type { Rule } from '../types';

export const truncate: Rule = {
  id: 'truncate',
  why: 'Deletes every row at once under an ACCESS EXCLUSIVE lock; only a restore from backup brings the data back.',
  safeAlternative:
    'Delete in batches (DELETE ... WHERE id IN (SELECT id ... LIMIT 1000)) or copy the rows aside first; ' +
    'if the table really must be emptied, accept the finding with the reason.',
  matches: (stmt, scope) =>
    'TruncateStmt' in stmt &&
    (stmt.TruncateStmt.relations ?? []).some((relation) => 'RangeVar' in relation && scope.existed(relation.RangeVar)),
};

export const vacuumFull: Rule = {
  id: 'vacuum-full',
  why: 'VACUUM FULL rewrites the whole table under an ACCESS EXCLUSIVE lock (reads and writes wait) and needs disk room for a second copy.',
  safeAlternative: 'Plain VACUUM, which blocks neither reads nor writes, or pg_repack, run as an operations task outside migrations.',
  matches: (stmt) => 'VacuumStmt' in stmt && isOptionOn(options(stmt.VacuumStmt.options), 'full'),
};

export const cluster: Rule = {
  id: 'cluster',
  why: 'CLUSTER rewrites the table in index order under an ACCESS EXCLUSIVE lock: reads and writes wait until it ends.',
  safeAlternative: 'pg_repack --order-by, or CLUSTER in a planned maintenance window, as an operations task outside migrations.',
  matches: (stmt, scope) => 'ClusterStmt' in stmt && (stmt.ClusterStmt.relation === undefined || scope.existed(stmt.ClusterStmt.relation)),
};
