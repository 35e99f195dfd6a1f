// The device allow-list of the v1 devices controller. A container sees its
// own /dev, but without this list root inside it could mknod the host's
// disks and open them; the list matches docker's default so images behave
// the same.
import type { CgroupWrite } from './limits.js';

/** Docker's default allow-list: `type major:minor access`. */
export const DEFAULT_DEVICE_RULES: readonly string[] = [
  // mknod of any device is allowed; opening one is not unless listed below.
  'c *:* m',
  'b *:* m',
  'c 1:3 rwm', // /dev/null
  'c 1:5 rwm', // /dev/zero
  'c 1:7 rwm', // /dev/full
  'c 5:0 rwm', // /dev/tty
  'c 1:8 rwm', // /dev/random
  'c 1:9 rwm', // /dev/urandom
  'c 136:* rwm', // /dev/pts/*
  'c 5:2 rwm', // /dev/ptmx
  'c 10:200 rwm', // /dev/net/tun
];

/**
 * The writes that set a v1 cgroup's device list: deny everything, then allow
 * the defaults and the `extra` rules (--device) one rule per write (the
 * kernel takes one rule per write), or everything when privileged.
 */
export function v1DeviceWrites(privileged = false, extra: readonly string[] = []): CgroupWrite[] {
  if (privileged) return [{ controller: 'devices', file: 'devices.allow', value: 'a' }];
  return [
    { controller: 'devices', file: 'devices.deny', value: 'a' },
    ...[...DEFAULT_DEVICE_RULES, ...extra].map((value) => ({ controller: 'devices', file: 'devices.allow', value })),
  ];
}
