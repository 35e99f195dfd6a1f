// Named volumes' public pieces: the store the `volume` commands use, and what
// the container engine needs to mount volumes (in-use checks, copy-up).
export { createVolume, getVolume, listVolumes, populateVolume, pruneVolumes, removeVolume, type PruneResult, type VolumeSpec } from './volume-store.js';
export { volumeDataDir, volumesDir, type VolumeRecord } from './record.js';
export { volumesInUse, volumeUsers, type VolumeMount } from './usage.js';
export { checkVolumeName, isValidVolumeName, randomVolumeName } from './names.js';
export { matchesVolumeFilters, parseVolumeFilter, type VolumeFilter, type VolumeFilterKey } from './filters.js';
export { stateRoot } from '../../state/paths.js';
