import { EnvironmentView } from '@runway/plugin-environments-common';
import { daysLabel, formatDateTime } from '../../lib/format';
import { ExtensionPreview, maxLifetimeDays } from '../../lib/lifetime';

/** What an Extend button would do, or why it cannot: its tooltip. */
export function extensionHint(
  env: Pick<EnvironmentView, 'name' | 'createdAt'> & { maxExpiresAt: string },
  days: number,
  preview: ExtensionPreview,
): string {
  const max = maxLifetimeDays(env);
  if (!preview.possible) {
    return `${
      env.name
    } already expires at its maximum lifetime (${max} days after it was created, ${formatDateTime(
      env.maxExpiresAt,
    )}). Create a new environment to keep going.`;
  }
  if (preview.capped) {
    return `Extends only to ${formatDateTime(
      preview.expiresAt,
    )}, less than ${daysLabel(
      days,
    )}: an environment lives at most ${max} days.`;
  }
  return `Extends to ${formatDateTime(preview.expiresAt)}.`;
}
