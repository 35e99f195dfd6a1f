// `login`: credentials are checked against the registry (its /v2/ answers
// 200 once authenticated, for either scheme) before they are stored.
import { RegistryError, RegistryErrorCode } from '../../errors.js';
import { withSession, type RegistryOptions } from './connect.js';
import { removeCredentials, saveCredentials, type Credentials } from './credentials.js';

export async function login(registry: string, credentials: Credentials, options: RegistryOptions = {}): Promise<void> {
  await withSession(registry, { ...options, credentials }, async (session) => {
    // A token for some scope proves the credentials where /v2/ alone is open to anyone.
    const res = await session.expectOk({ path: '/v2/', scope: 'registry:catalog:*' }, 'login');
    res.body.resume();
  });
  saveCredentials(registry, credentials, options.env);
}

export function logout(registry: string, options: Pick<RegistryOptions, 'env'> = {}): void {
  if (!removeCredentials(registry, options.env)) throw new RegistryError(RegistryErrorCode.NotFound, `not logged in to ${registry}`);
}
