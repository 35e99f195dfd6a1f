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

/** docker's HumanDuration: `Less than a second`, `5 seconds`, `About a minute`, `3 hours`… */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return plural(s, 'second');
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return plural(m, 'minute');
  const h = Math.round(m / 60);
  if (h === 1) return 'About an hour';
  if (h < 48) return plural(h, 'hour');
  if (h < 24 * 7 * 2) return plural(Math.floor(h / 24), 'day');
  if (h < 24 * 30 * 2) return plural(Math.floor(h / 24 / 7), 'week');
  if (h < 24 * 365 * 2) return plural(Math.floor(h / 24 / 30), 'month');
  return plural(Math.floor(h / 24 / 365), 'year');
}
