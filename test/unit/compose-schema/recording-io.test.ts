import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../compose-schema/load.js';
import { recordingIO, type LoaderIO } from '../../../compose-schema/io.js';

// A project in memory: what the loader reads is what live reload must watch.
const FILES: Record<string, string> = {
  '/p/compose.yaml': 'include: [/p/lib/db.yaml]\nservices:\n  web:\n    extends: {file: base.yaml, service: base}\n    env_file: [web.env, {path: opt.env, required: false}]\n',
  '/p/base.yaml': 'services:\n  base:\n    image: busybox\n',
  '/p/lib/db.yaml': 'services:\n  db:\n    image: busybox\n',
  '/p/web.env': 'A=1\n',
};

const memory: LoaderIO = {
  isFile: (path) => path in FILES,
  exists: (path) => path in FILES,
  readCompose: (path) => FILES[path] ?? '',
  readOptional: (path) => FILES[path],
  readStdin: () => '',
};

describe('recordingIO', () => {
  it('notes compose files, includes, extends, .env and env_files, found or not', () => {
    const recorder = recordingIO(memory);
    loadProject({ files: ['/p/compose.yaml'], workingDir: '/p', environment: {}, io: recorder.io });
    expect(recorder.paths()).toEqual(['/p/.env', '/p/base.yaml', '/p/compose.yaml', '/p/lib/.env', '/p/lib/db.yaml', '/p/opt.env', '/p/web.env']);
  });
});
