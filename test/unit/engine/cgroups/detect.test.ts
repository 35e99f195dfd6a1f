import { describe, expect, it } from 'vitest';
import { parseHierarchy } from '../../../../engine/cgroups/detect.js';

// A Debian 11-style hybrid host: one mount per v1 controller, cpu and cpuacct
// co-mounted, and an empty v2 tree at /sys/fs/cgroup/unified.
const HYBRID = `22 27 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
26 22 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
27 26 0:24 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
28 26 0:25 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
31 26 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
32 26 0:29 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory
33 26 0:30 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,pids
34 26 0:31 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,cpuset
35 26 0:32 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,freezer
36 26 0:33 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,devices
37 26 0:34 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:20 - cgroup cgroup rw,net_cls,net_prio
`;

// A Debian 12 host: the unified tree only.
const UNIFIED = `22 27 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;

describe('parseHierarchy', () => {
  it('finds each v1 controller by its super options on a hybrid host', () => {
    const h = parseHierarchy(HYBRID);
    expect(h.version).toBe(1);
    if (h.version !== 1) return;
    expect(h.controllers.get('cpu')).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(h.controllers.get('cpuacct')).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(h.controllers.get('memory')).toBe('/sys/fs/cgroup/memory');
    expect(h.controllers.get('net_prio')).toBe('/sys/fs/cgroup/net_cls,net_prio');
    expect(h.controllers.has('name=systemd')).toBe(false);
    expect(h.controllers.has('xattr')).toBe(false);
    expect(h.canFilterDevices).toBe(true);
  });

  it('describes a unified host as v2 that cannot filter devices', () => {
    expect(parseHierarchy(UNIFIED)).toEqual({ version: 2, root: '/sys/fs/cgroup', canFilterDevices: false });
  });

  it('reads /proc/mounts lines too', () => {
    const h = parseHierarchy('cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n');
    expect(h.version === 1 && h.controllers.get('memory')).toBe('/sys/fs/cgroup/memory');
    expect(h.canFilterDevices).toBe(false);
    expect(parseHierarchy('cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n')).toMatchObject({ version: 2, root: '/sys/fs/cgroup' });
  });

  it('decodes octal escapes in mount points and keeps the first mount of a controller', () => {
    const text = `40 26 0:35 / /mnt/cg\\040mem rw - cgroup cgroup rw,memory\n41 26 0:35 / /other rw - cgroup cgroup rw,memory\n`;
    const h = parseHierarchy(text);
    expect(h.version === 1 && h.controllers.get('memory')).toBe('/mnt/cg mem');
  });

  it('fails with a hint when no usable hierarchy is mounted', () => {
    expect(() => parseHierarchy(HYBRID.split('\n').slice(0, 2).join('\n'))).toThrow(/no cgroup v2 or v1 memory\/cpu hierarchy/);
  });
});
