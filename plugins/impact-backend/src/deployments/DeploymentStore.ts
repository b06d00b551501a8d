/**
 * The deployments GitHub reported as successful, once each (a repeated webhook changes nothing;
 * of two successes of one deployment the earlier time is kept).
 */
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'impact_deployments';

export interface Deployment {
  /** `owner/repo`, lower-case. */
  repository: string;
  deploymentId: number;
  environment: string;
  at: Date;
}

export class DeploymentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DeploymentStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@runway/plugin-impact-backend',
          'migrations',
        ),
      });
    }
    return new DeploymentStore(client);
  }

  constructor(private readonly db: Knex) {}

  /** Records the deployment; true when it was not known before. */
  async record(deployment: Deployment): Promise<boolean> {
    const key = {
      repository: deployment.repository,
      deployment_id: deployment.deploymentId,
      environment: deployment.environment,
    };
    const inserted = await this.db(TABLE)
      .insert({ ...key, at: deployment.at })
      .onConflict(['repository', 'deployment_id', 'environment'])
      .ignore()
      .returning('repository');
    if (inserted.length > 0) return true;
    await this.db(TABLE)
      .where(key)
      .andWhere('at', '>', deployment.at)
      .update({ at: deployment.at });
    return false;
  }

  /** Deployments that succeeded at or after `since`, oldest first. */
  async since(since: Date): Promise<Deployment[]> {
    const rows = await this.db(TABLE)
      .where('at', '>=', since)
      .orderBy('at', 'asc');
    return rows.map(row => ({
      repository: row.repository,
      deploymentId: Number(row.deployment_id),
      environment: row.environment,
      at: new Date(row.at),
    }));
  }
}
