// engine/cgroups: per-container cgroups on v1 and v2, for the container engine.
export { Cgroup, type CgroupOptions } from './cgroup.js';
export { detectHierarchy, parseHierarchy, type CgroupHierarchy } from './detect.js';
export { DEFAULT_DEVICE_RULES, v1DeviceWrites } from './devices.js';
export { DEFAULT_CPU_PERIOD, sharesToWeight, v1Writes, v2Writes, type CgroupLimits, type CgroupWrite } from './limits.js';
export type { CgroupStats } from './stats.js';
