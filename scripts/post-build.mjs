// Copies build-time generated modules into dist/ and makes the CLI executable.
import { chmodSync, cpSync, existsSync } from 'node:fs';

const generated = new URL('../compose-schema/generated/', import.meta.url);
if (existsSync(generated)) {
  cpSync(generated, new URL('../dist/compose-schema/generated/', import.meta.url), { recursive: true });
}
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
