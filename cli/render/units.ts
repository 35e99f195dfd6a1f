// Sizes and ages the way docker prints them in tables.

/** Decimal units with three significant digits: `4.41MB`, `980kB`, `12B`. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))}${units[unit]}`;
}

/** `3 minutes ago`, `2 years ago`: the largest whole unit, as `docker images` shows. */
export function humanAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'N/A';
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  const steps: [string, number][] = [['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [name, size] of steps) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'Less than a second ago';
}
