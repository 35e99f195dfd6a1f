#!/usr/bin/env node
// Builds the images of the example stack (examples/devstack/) from Debian
// packages on this machine, the way fixtures/images/ builds the test images:
//   flotilla-example/nginx  Debian's nginx with the shared libraries it loads,
//                           mime.types from nginx-common and the
//                           configuration in nginx/ (sites in conf.d/).
//   flotilla-example/redis  redis-server from redis-tools, with redis.conf
//                           (data in /data).
//   flotilla-example/app    busybox httpd serving /srv/www, CGI included,
//                           with redis-cli for the scripts to talk to redis.
// All three start from the test images' busybox layer (a shell for
// healthchecks and `exec`), and redis and app share one redis-cli layer, so
// the store keeps each of those once. Archives go to the test images' cache
// ($FLOTILLA_IMAGE_CACHE, default .cache/images) and are rebuilt only when
// this recipe, the files beside it or the fixture script change.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxRootfs, cached, copyWithLibraries, extractPackage, imageConfig, layerOf, writeOciArchive } from '../../fixtures/images/build-test-images.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const createdBy = 'examples/images/build-example-images.mjs';

/** This script, every file beside it and the fixture script it builds on. */
function recipeHash() {
  const hash = createHash('sha256');
  const files = [join(repo, 'fixtures/images/build-test-images.mjs')];
  for (const dir of ['.', 'nginx', 'redis', 'app']) {
    for (const entry of readdirSync(join(here, dir), { withFileTypes: true })) if (entry.isFile()) files.push(join(here, dir, entry.name));
  }
  files.sort();
  for (const file of files) hash.update(relative(repo, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

// glibc looks names up in /etc/hosts first, then asks the network's DNS.
const nsswitch = 'hosts: files dns\n';

function place(root, target, content, mode = 0o644) {
  mkdirSync(dirname(join(root, target)), { recursive: true });
  writeFileSync(join(root, target), content);
  chmodSync(join(root, target), mode);
}

function dirs(root, ...paths) {
  for (const path of paths) mkdirSync(join(root, path), { recursive: true });
}

function nginxRootfs(work) {
  const pkg = join(work, 'nginx-pkg');
  extractPackage('nginx', work, pkg);
  extractPackage('nginx-common', work, pkg);
  const root = join(work, 'nginx');
  copyWithLibraries(join(pkg, 'usr/sbin/nginx'), 'usr/sbin/nginx', root);
  for (const file of ['mime.types', 'proxy_params']) place(root, `etc/nginx/${file}`, readFileSync(join(pkg, 'etc/nginx', file)));
  place(root, 'etc/nginx/nginx.conf', readFileSync(join(here, 'nginx/nginx.conf')));
  place(root, 'etc/nginx/conf.d/default.conf', readFileSync(join(here, 'nginx/default.conf')));
  place(root, 'usr/share/nginx/html/index.html', readFileSync(join(here, 'nginx/index.html')));
  place(root, 'etc/nsswitch.conf', nsswitch);
  // The temp paths Debian's build names (--http-*-temp-path), its log
  // directory, and /run for the pid file.
  dirs(root, 'var/lib/nginx', 'var/log/nginx', 'run');
  return root;
}

function redisCliRootfs(redisPkg, work) {
  const root = join(work, 'redis-cli');
  copyWithLibraries(join(redisPkg, 'usr/bin/redis-cli'), 'usr/bin/redis-cli', root);
  place(root, 'etc/nsswitch.conf', nsswitch);
  return root;
}

// redis-server is the binary redis-tools ships as redis-check-rdb (it picks
// its role from its own name), copied under the server's name.
function redisServerRootfs(redisPkg, cliRoot, work) {
  const root = join(work, 'redis-server');
  copyWithLibraries(join(redisPkg, 'usr/bin/redis-check-rdb'), 'usr/bin/redis-server', root, { provided: [cliRoot] });
  place(root, 'etc/redis/redis.conf', readFileSync(join(here, 'redis/redis.conf')));
  dirs(root, 'data');
  return root;
}

function appRootfs(work) {
  const root = join(work, 'app');
  place(root, 'srv/www/index.html', readFileSync(join(here, 'app/index.html')));
  dirs(root, 'srv/www/cgi-bin');
  return root;
}

/** Each layer is made once per run, however many images have it. */
function layerSet(work) {
  const made = new Map();
  const once = (key, build) => {
    if (!made.has(key)) made.set(key, build());
    return made.get(key);
  };
  const redisPkg = () =>
    once('redis-pkg', () => {
      const pkg = join(work, 'redis-pkg');
      extractPackage('redis-tools', work, pkg);
      return pkg;
    });
  const cliRoot = () => once('redis-cli-root', () => redisCliRootfs(redisPkg(), work));
  return {
    busybox: () => once('busybox', () => layerOf(busyboxRootfs(work), work)),
    redisCli: () => once('redis-cli', () => layerOf(cliRoot(), work)),
    redisServer: () => once('redis-server', () => layerOf(redisServerRootfs(redisPkg(), cliRoot(), work), work)),
    nginx: () => once('nginx', () => layerOf(nginxRootfs(work), work)),
    app: () => once('app', () => layerOf(appRootfs(work), work)),
  };
}

function image(name, layers, config, work, archive) {
  writeOciArchive({ name, tag: 'latest', layers, config: imageConfig(layers, config, createdBy) }, work, archive);
}

/** Builds (or reuses) the three archives; returns their paths by service. */
export function buildExampleImages() {
  const recipe = recipeHash();
  const work = mkdtempSync(join(tmpdir(), 'flotilla-example-images-'));
  try {
    const layers = layerSet(work);
    const nginx = cached('example-nginx.oci.tar', (dir, archive) =>
      image('flotilla-example/nginx', [layers.busybox(), layers.nginx()], {
        Cmd: ['nginx', '-g', 'daemon off;'],
        ExposedPorts: { '80/tcp': {} },
        // nginx finishes the requests it has on SIGQUIT, and drops them on SIGTERM.
        StopSignal: 'SIGQUIT',
      }, dir, archive), recipe);
    const redis = cached('example-redis.oci.tar', (dir, archive) =>
      image('flotilla-example/redis', [layers.busybox(), layers.redisCli(), layers.redisServer()], {
        Cmd: ['redis-server', '/etc/redis/redis.conf'],
        ExposedPorts: { '6379/tcp': {} },
        Volumes: { '/data': {} },
        WorkingDir: '/data',
      }, dir, archive), recipe);
    const app = cached('example-app.oci.tar', (dir, archive) =>
      image('flotilla-example/app', [layers.busybox(), layers.redisCli(), layers.app()], {
        Cmd: ['httpd', '-f', '-v', '-p', '8000', '-h', '/srv/www'],
        ExposedPorts: { '8000/tcp': {} },
        WorkingDir: '/srv/www',
      }, dir, archive), recipe);
    return { nginx, redis, app };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const archive of Object.values(buildExampleImages())) console.log(archive);
}
