import { ConfigReader } from '@backstage/config';
import { readDeliverySettings } from './settings';

const clusters = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          { name: 'dev', url: 'https://dev:6443', serviceAccountToken: 't' },
          { name: 'prod', url: 'https://prod:6443', caData: 'ca' },
        ],
      },
    ],
  },
};

describe('readDeliverySettings', () => {
  it('defaults to GitOps by push into platform-config of the Runway GitHub org', () => {
    expect(
      readDeliverySettings(
        new ConfigReader({
          runway: { github: { host: 'ghe.acme.test', org: 'acme' } },
        }),
      ),
    ).toEqual({
      mode: 'gitops',
      via: 'push',
      host: 'ghe.acme.test',
      owner: 'acme',
      repo: 'platform-config',
    });
  });

  it('reads the cluster of direct delivery from the Kubernetes plugin’s cluster list', () => {
    const config = new ConfigReader({
      ...clusters,
      runway: {
        environments: { delivery: { mode: 'direct', cluster: 'prod' } },
      },
    });
    expect(readDeliverySettings(config)).toEqual({
      mode: 'direct',
      cluster: {
        name: 'prod',
        url: 'https://prod:6443',
        caData: 'ca',
        serviceAccountToken: undefined,
        skipTLSVerify: false,
      },
    });
  });

  it('names the clusters there are when the chosen one is missing or none is chosen among several', () => {
    const direct = (cluster?: string) =>
      new ConfigReader({
        ...clusters,
        runway: { environments: { delivery: { mode: 'direct', cluster } } },
      });
    expect(() => readDeliverySettings(direct('staging'))).toThrow(
      'runway.environments.delivery.cluster is staging, which is not under kubernetes.clusterLocatorMethods (type config); clusters there: dev, prod.',
    );
    expect(() => readDeliverySettings(direct())).toThrow(
      'runway.environments.delivery.mode is direct: set runway.environments.delivery.cluster to one of dev, prod.',
    );
  });

  it('rejects an unknown mode or way of committing', () => {
    expect(() =>
      readDeliverySettings(
        new ConfigReader({
          runway: { environments: { delivery: { mode: 'ftp' } } },
        }),
      ),
    ).toThrow(
      'runway.environments.delivery.mode must be gitops or direct (got "ftp").',
    );
    expect(() =>
      readDeliverySettings(
        new ConfigReader({
          runway: { environments: { delivery: { via: 'email' } } },
        }),
      ),
    ).toThrow(
      'runway.environments.delivery.via must be push or pull-request (got "email").',
    );
  });
});
