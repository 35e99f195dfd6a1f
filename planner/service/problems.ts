// The two ways a service can fail to become a container: a field Flotilla
// cannot honour, or a value that makes no sense for a container. Both name
// the service and the field, as the loader's messages do.
import { ComposeError, ComposeErrorCode } from '../../errors.js';

/** `service "web": blkio_config is not supported`, with what would work instead when there is something. */
export function unsupported(service: string, field: string, hint?: string): ComposeError {
  return new ComposeError(ComposeErrorCode.Unsupported, `service "${service}": ${field} is not supported`, hint === undefined ? {} : { hint });
}

export function invalidValue(service: string, message: string): ComposeError {
  return new ComposeError(ComposeErrorCode.InvalidValue, `service "${service}": ${message}`);
}
