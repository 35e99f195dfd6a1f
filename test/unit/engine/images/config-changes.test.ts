import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../errors.js';
import { applyChanges } from '../../../../engine/images/config-changes.js';

describe('applyChanges', () => {
  it('takes CMD and ENTRYPOINT in JSON form as given, and in shell form through /bin/sh -c', () => {
    expect(applyChanges(['CMD ["sh", "-c", "echo $A"]'])).toEqual({ Cmd: ['sh', '-c', 'echo $A'] });
    expect(applyChanges(['ENTRYPOINT /bin/app --flag "x y"'])).toEqual({ Entrypoint: ['/bin/sh', '-c', '/bin/app --flag "x y"'] });
    expect(applyChanges(['entrypoint []', 'cmd  ["a"]  '])).toEqual({ Entrypoint: [], Cmd: ['a'] });
    // Not a JSON array of strings: docker runs it as a shell command.
    expect(applyChanges(['CMD [sh]'])).toEqual({ Cmd: ['/bin/sh', '-c', '[sh]'] });
    expect(applyChanges(['CMD [1, 2]'])).toEqual({ Cmd: ['/bin/sh', '-c', '[1, 2]'] });
  });

  it('reads ENV in NAME=VALUE form with quotes and escapes', () => {
    const { Env } = applyChanges(['ENV A=1 B="x y" C=\'$HOME "q"\' D=a\\ b E= F="say \\"hi\\" \\n"']);
    expect(Env).toEqual(['A=1', 'B=x y', 'C=$HOME "q"', 'D=a b', 'E=', 'F=say "hi" \\n']);
  });

  it('reads the legacy ENV NAME VALUE form, keeping inner whitespace', () => {
    expect(applyChanges(['ENV GREETING hello   "big world"']).Env).toEqual(['GREETING=hello   big world']);
  });

  it('replaces an ENV name already set, in place', () => {
    expect(applyChanges(['ENV A=1 B=2', 'ENV A=3'], { Env: ['PATH=/bin'] }).Env).toEqual(['PATH=/bin', 'A=3', 'B=2']);
  });

  it('collects EXPOSE ports with protocols and ranges', () => {
    expect(applyChanges(['EXPOSE 80 53/UDP', 'EXPOSE 8000-8002/tcp']).ExposedPorts).toEqual({
      '80/tcp': {},
      '53/udp': {},
      '8000/tcp': {},
      '8001/tcp': {},
      '8002/tcp': {},
    });
  });

  it('reads LABEL pairs, quoted keys included, and VOLUME in both forms', () => {
    expect(applyChanges(['LABEL a=1 "com.example.name"="my app"', 'LABEL b 2 3']).Labels).toEqual({ a: '1', 'com.example.name': 'my app', b: '2 3' });
    expect(applyChanges(['VOLUME ["/data", "/var/log x"]', 'VOLUME /cache /tmp']).Volumes).toEqual({ '/data': {}, '/var/log x': {}, '/cache': {}, '/tmp': {} });
  });

  it('sets WORKDIR (relative to the previous one), USER and STOPSIGNAL', () => {
    expect(applyChanges(['WORKDIR /app', 'WORKDIR src', 'USER nobody:nogroup', 'STOPSIGNAL SIGQUIT'])).toEqual({
      WorkingDir: '/app/src',
      User: 'nobody:nogroup',
      StopSignal: 'SIGQUIT',
    });
  });

  it('leaves the base config alone', () => {
    const base = { Env: ['A=1'] };
    applyChanges(['ENV A=2'], base);
    expect(base).toEqual({ Env: ['A=1'] });
  });

  it.each([
    ['RUN apt-get update', '--change "RUN apt-get update": instruction RUN is not supported by import (supported: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR)'],
    ['FROM scratch', 'instruction FROM is not supported by import'],
    ['', 'expected a Dockerfile instruction'],
    ['["sh"]', 'expected a Dockerfile instruction'],
    ['CMD', 'CMD needs an argument'],
    ['ENV A', 'ENV needs NAME=VALUE (or NAME VALUE)'],
    ['ENV A=1 B', '"B" is not of the form NAME=VALUE'],
    ['ENV =1', 'a name cannot be empty'],
    ['ENV A="unclosed', 'unterminated double quote'],
    ['LABEL a=\'x', 'unterminated single quote'],
    ['EXPOSE 0', 'invalid port "0"'],
    ['EXPOSE 70000', 'invalid port "70000"'],
    ['EXPOSE 80/icmp', 'invalid port "80/icmp"'],
    ['EXPOSE 90-80', 'invalid port "90-80"'],
    ['STOPSIGNAL kill -9', 'is not a signal name or number'],
    ['VOLUME [""]', 'VOLUME needs at least one non-empty path'],
  ])('refuses %j', (change, message) => {
    expect(() => applyChanges([change])).toThrow(UsageError);
    expect(() => applyChanges([change])).toThrow(message);
  });
});
