// --since and --until as docker reads them: an RFC 3339 time, or a duration
// back from now; as the RFC 3339 nanosecond text the logs record.
import { UsageError } from '../../errors.js';

/** An RFC 3339 time as given, or a duration (`10m`, `1h30m`, `45s`) before now. */
export function pointInTime(text: string): string {
  const duration = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (duration && text !== '') {
    const ms = (Number(duration[1] ?? 0) * 3600 + Number(duration[2] ?? 0) * 60 + Number(duration[3] ?? 0)) * 1000;
    return new Date(Date.now() - ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  }
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`invalid time "${text}": RFC 3339 or a duration such as 10m`);
  return new Date(Date.parse(text)).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
