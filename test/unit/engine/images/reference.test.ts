import { describe, expect, it } from 'vitest';
import { familiarReference, formatReference, parseReference } from '../../../../engine/images/reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['user/app', 'docker.io/user/app:latest', 'user/app:latest'],
    ['docker.io/library/redis:7', 'docker.io/library/redis:7', 'redis:7'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
    ['localhost:5000/team/app:v1.2-rc_3', 'localhost:5000/team/app:v1.2-rc_3', 'localhost:5000/team/app:v1.2-rc_3'],
    ['registry.example.com/a/b/c', 'registry.example.com/a/b/c:latest', 'registry.example.com/a/b/c:latest'],
    ['127.0.0.1:5000/app:2', '127.0.0.1:5000/app:2', '127.0.0.1:5000/app:2'],
    [`app@${digest}`, `docker.io/library/app@${digest}`, `app@${digest}`],
    [`app:1@${digest}`, `docker.io/library/app:1@${digest}`, `app:1@${digest}`],
    ['my_user/x__y.z', 'docker.io/my_user/x__y.z:latest', 'my_user/x__y.z:latest'],
  ])('%s', (text, full, familiar) => {
    const ref = parseReference(text);
    expect(formatReference(ref)).toBe(full);
    expect(familiarReference(ref)).toBe(familiar);
  });

  it('splits the parts', () => {
    expect(parseReference('localhost:5000/team/app:v1')).toEqual({ registry: 'localhost:5000', repository: 'team/app', tag: 'v1' });
    expect(parseReference(`app@${digest}`)).toEqual({ registry: 'docker.io', repository: 'library/app', digest });
  });

  it.each([
    ['Busybox', 'repository names must be lowercase'],
    ['', 'invalid repository name'],
    ['app:', 'invalid tag ""'],
    ['app:-bad', 'invalid tag "-bad"'],
    ['app@sha256:abc', 'malformed digest'],
    [`app@sha256:${'A'.repeat(64)}`, 'a sha256 digest has 64 lowercase hex digits'],
    ['a//b', 'invalid repository name'],
    ['app-/x', 'invalid repository name'],
    ['my_app.v2/x', 'invalid registry "my_app.v2"'],
    [`x/${'a'.repeat(260)}`, 'the name is longer than 255 characters'],
  ])('refuses %j', (text, why) => {
    expect(() => parseReference(text)).toThrow(expect.objectContaining({ code: 'FLOTILLA_ENGINE_INVALID_REFERENCE', message: `invalid image reference "${text}": ${why}` }));
  });
});
