import { Config } from '@backstage/config';
import { FIGURES, FigureId } from '@runway/plugin-impact-common';

/** The playbook's "before Runway", for a company that has not measured its own. */
export const PLAYBOOK_BEFORE: Partial<Record<FigureId, string>> = {
  newServiceTask: '2–3 weeks',
  newServiceApplied: '2–3 weeks',
  environmentTask: '3–5 days',
  onboardingAccess: '1–2 weeks',
  hireFirstStagingDeploy: '2–4 weeks',
};

/** `runway.impact.before.<figure>`: each figure before Runway, in words, over the playbook's. */
export function readBefore(config: Config): Partial<Record<FigureId, string>> {
  const section = config.getOptionalConfig('runway.impact.before');
  const before = { ...PLAYBOOK_BEFORE };
  for (const key of section?.keys() ?? []) {
    if (!(key in FIGURES)) {
      throw new Error(
        `runway.impact.before.${key}: no such figure; use one of ${Object.keys(
          FIGURES,
        ).join(', ')}.`,
      );
    }
    before[key as FigureId] = section!.getString(key);
  }
  return before;
}
