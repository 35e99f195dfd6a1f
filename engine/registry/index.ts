// The registry client's public pieces.
export { pullImage } from './pull.js';
export type { PullOptions, PullProgress, PullResult } from './pull.js';
export { pushImage } from './push.js';
export type { PushOptions, PushProgress, PushResult } from './push.js';
export { searchCatalog, listTags } from './search.js';
export { login, logout } from './login.js';
export { findCredentials, dockerConfigPath } from './credentials.js';
export type { Credentials } from './credentials.js';
export { lastPulled } from './pull-record.js';
export { parsePlatform, hostPlatform, formatPlatform } from './platform.js';
export type { Platform } from './platform.js';
export type { RegistryOptions } from './connect.js';
// The reference syntax the registry commands take, from the image store.
export { formatReference, parseReference, DEFAULT_REGISTRY } from '../images/reference.js';
