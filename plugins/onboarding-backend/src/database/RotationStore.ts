/**
 * Teams' standup rotations in the onboarding plugin's database: an ordered list of people per
 * team. Joining appends (once: joining again changes nothing), leaving removes and closes the gap.
 */
import { Knex } from 'knex';

export interface RotationMember {
  email: string;
  name: string;
  position: number;
  joinedAt: Date;
}

export class RotationStore {
  constructor(private readonly db: Knex) {}

  async rotation(teamRef: string): Promise<RotationMember[]> {
    const rows = await this.db('onboarding_standup_rotations')
      .where({ team_ref: teamRef.toLocaleLowerCase('en-US') })
      .orderBy('position');
    return rows.map(r => ({
      email: r.email,
      name: r.name,
      position: Number(r.position),
      joinedAt: new Date(r.joined_at),
    }));
  }

  /** Adds the person at the end of the team's rotation; true when they were not in it. */
  async join(
    teamRef: string,
    member: { email: string; name: string },
    now: Date,
  ): Promise<boolean> {
    const team = teamRef.toLocaleLowerCase('en-US');
    const email = member.email.toLocaleLowerCase('en-US');
    return this.db.transaction(async tx => {
      const there = await tx('onboarding_standup_rotations')
        .where({ team_ref: team, email })
        .first();
      if (there) return false;
      const last = await tx('onboarding_standup_rotations')
        .where({ team_ref: team })
        .max({ last: 'position' })
        .first();
      const position =
        last?.last === null || last?.last === undefined
          ? 0
          : Number(last.last) + 1;
      await tx('onboarding_standup_rotations').insert({
        team_ref: team,
        email,
        name: member.name,
        position,
        joined_at: now,
      });
      return true;
    });
  }

  /** Removes the person from the team's rotation; true when they were in it. */
  async leave(teamRef: string, email: string): Promise<boolean> {
    const removed = await this.db('onboarding_standup_rotations')
      .where({
        team_ref: teamRef.toLocaleLowerCase('en-US'),
        email: email.toLocaleLowerCase('en-US'),
      })
      .delete();
    return removed > 0;
  }
}
