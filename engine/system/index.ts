// The state root as a whole: disk usage, prune of everything unused, reset.
export { diskUsageReport, type UsageRow } from './disk-usage.js';
export { pruneSystem, type SystemPruneOptions, type SystemPruneResult } from './prune.js';
export { resetRoot, type ResetResult } from './reset.js';
