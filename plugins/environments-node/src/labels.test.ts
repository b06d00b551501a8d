import {
  environmentApplicationName,
  environmentApplicationNames,
  isEnvironmentResource,
  serviceApplicationName,
} from './labels';

describe('Argo CD Application names', () => {
  it('carry Runway’s reserved prefix, so payments running api is not the payments-api Application', () => {
    expect(serviceApplicationName('payments', 'api')).toBe('rw-payments-api');
    expect(environmentApplicationName('payments')).toBe('rw-env-payments');
    expect(environmentApplicationNames('payments', ['api', 'web'])).toEqual([
      'rw-env-payments',
      'rw-payments-api',
      'rw-payments-web',
    ]);
  });

  it('stay within 63 characters, unique and the same every time when the names are long', () => {
    const env = 'e'.repeat(40);
    const service = `${'s'.repeat(60)}-a`;
    const name = serviceApplicationName(env, service);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^rw-e{40}-s+-[0-9a-f]{8}$/);
    expect(serviceApplicationName(env, service)).toBe(name);
    // Same first 63 characters, another service: another name.
    expect(serviceApplicationName(env, `${'s'.repeat(60)}-b`)).not.toBe(name);
    // Exactly 63 characters is kept as it is.
    expect(serviceApplicationName(env, 's'.repeat(19))).toBe(
      `rw-${env}-${'s'.repeat(19)}`,
    );
  });

  it('cuts no name before its hash at a dash', () => {
    // The cut after 54 characters falls on the dash inside the service name.
    expect(
      serviceApplicationName(
        'e'.repeat(40),
        `${'s'.repeat(9)}-${'t'.repeat(40)}`,
      ),
    ).toMatch(/^rw-e{40}-s{9}-[0-9a-f]{8}$/);
  });
});

describe('isEnvironmentResource', () => {
  const labels = {
    'app.kubernetes.io/managed-by': 'runway',
    'runway.dev/environment': 'payments',
  };
  const application = (name: string) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, labels },
  });

  it('takes a labelled Application only when it bears Runway’s name prefix', () => {
    expect(
      isEnvironmentResource(application('rw-payments-api'), 'payments'),
    ).toBe(true);
    expect(isEnvironmentResource(application('payments-api'), 'payments')).toBe(
      false,
    );
    expect(
      isEnvironmentResource(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'env-payments', labels },
        },
        'payments',
      ),
    ).toBe(true);
  });
});
