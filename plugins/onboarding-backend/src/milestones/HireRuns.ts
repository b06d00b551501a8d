/**
 * The onboarding runs a milestone can belong to: each person's current onboarding (their latest
 * run, when it is an onboarding; a person who has left since reaches no milestone), found by the
 * GitHub login it recorded.
 */
import { Person } from '@runway/plugin-onboarding-common';
import { Knex } from 'knex';

export interface HireRun {
  id: string;
  idpUserId: string;
  /** When the run's first event arrived: lead times are measured from here. */
  createdAt: Date;
  person: Person;
}

const GITHUB_LOGIN = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;

export class HireRuns {
  constructor(private readonly db: Knex) {}

  /** The current onboarding of whoever has the GitHub login `login` (case does not matter). */
  async byLogin(login: string): Promise<HireRun[]> {
    // A login is letters, digits and hyphens: nothing a LIKE pattern would read as a wildcard.
    if (!GITHUB_LOGIN.test(login)) return [];
    const wanted = login.toLocaleLowerCase('en-US');
    const rows = await this.current()
      .whereRaw('lower(r.person) like ?', [`%"githublogin":"${wanted}"%`])
      .select('r.id', 'r.idp_user_id', 'r.created_at', 'r.person');
    return rows
      .map(toHireRun)
      .filter(
        run => run.person.githubLogin?.toLocaleLowerCase('en-US') === wanted,
      );
  }

  /** Current onboardings that started their task and have not reached `kind` yet. */
  async waitingFor(kind: string): Promise<HireRun[]> {
    const rows = await this.current()
      .where('r.state', 'started')
      .whereNotExists(q =>
        q
          .select(this.db.raw('1'))
          .from('onboarding_milestones as m')
          .whereRaw('m.run_id = r.id')
          .andWhere('m.kind', kind),
      )
      .select('r.id', 'r.idp_user_id', 'r.created_at', 'r.person');
    return rows.map(toHireRun);
  }

  /** Onboarding runs with a person that are their person's latest run. */
  private current() {
    return this.db('onboarding_runs as r')
      .where('r.kind', 'onboard')
      .whereNotNull('r.person')
      .whereNotExists(q =>
        q
          .select(this.db.raw('1'))
          .from('onboarding_runs as later')
          .whereRaw('later.idp_user_id = r.idp_user_id')
          .whereRaw('later.created_at > r.created_at'),
      );
  }
}

function toHireRun(row: {
  id: string;
  idp_user_id: string;
  created_at: Date | string | number;
  person: string;
}): HireRun {
  return {
    id: row.id,
    idpUserId: row.idp_user_id,
    createdAt: new Date(row.created_at),
    person: JSON.parse(row.person),
  };
}
