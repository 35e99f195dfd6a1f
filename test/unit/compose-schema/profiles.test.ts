import { describe, expect, it } from 'vitest';
import { applyProfiles, listProfiles } from '../../../compose-schema/profiles.js';

const tree = {
  services: {
    app: { image: 'app' },
    debug: { image: 'd', profiles: ['debug'] },
    admin: { image: 'a', profiles: ['tools'], depends_on: ['db'] },
    db: { image: 'pg', profiles: ['db'] },
  },
};
const locate = () => ({ file: 'compose.yaml', line: 1, column: 1 });
const enabled = (profiles: string[], enabledServices: string[] = []) => {
  const { tree: out, disabled } = applyProfiles(tree, { profiles, enabledServices, locate });
  return { services: Object.keys(out['services'] as object).sort(), disabled };
};

describe('applyProfiles', () => {
  it('keeps services without profiles and those of active profiles', () => {
    expect(enabled([])).toEqual({ services: ['app'], disabled: ['admin', 'db', 'debug'] });
    expect(enabled(['debug'])).toEqual({ services: ['app', 'debug'], disabled: ['admin', 'db'] });
    expect(enabled(['*']).services).toEqual(['admin', 'app', 'db', 'debug']);
  });

  it('enables a service named on the command line together with what it needs', () => {
    expect(enabled([], ['admin'])).toEqual({ services: ['admin', 'app', 'db'], disabled: ['debug'] });
  });

  it('refuses an enabled service whose required dependency is disabled', () => {
    expect(() => enabled(['tools'])).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNDEFINED_REFERENCE', message: 'service "db" is required by "admin" but is disabled; enable it with --profile db' }),
    );
  });

  it('accepts a disabled dependency that is not required', () => {
    const optional = { services: { app: { image: 'a', depends_on: { db: { condition: 'service_started', required: false } } }, db: { image: 'pg', profiles: ['db'] } } };
    expect(applyProfiles(optional, { profiles: [], locate }).disabled).toEqual(['db']);
  });

  it('lists every profile once, sorted', () => {
    expect(listProfiles(tree)).toEqual(['db', 'debug', 'tools']);
  });
});
