// Networking's public pieces: networks, container attachments, published ports.
export type { Attachment, Endpoint, NetworkRecord, NetworkRequest, PortRequest, PublishedPort } from './model.js';
export { createNetwork, removeNetworks, pruneNetworks, inspectNetwork, networkViews, ensureDefaultNetwork, DEFAULT_NETWORK, MTU_OPTION, type NetworkOptions, type NetworkView } from './networks.js';
export { attachContainer, releaseContainer, renameAttachment, connectRunning, disconnectRunning, publishedPorts, attachmentOf, type ContainerNetworkSpec, type AttachResult, type PortReservation } from './attach.js';
export { networkHooks, networkSpec, type NetworkHooks, type AttachableContainer } from './container-hooks.js';
export { findNetwork, listNetworks, lookupNetwork } from './store.js';
export { hostNamePrefixes, chainNames } from './layout.js';
export { removeRootHostObjects, sweepDeletedRoots } from './sweep.js';
