import { ResponseError } from '@backstage/errors';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  FigureId,
  ImpactReport,
  endOfWeek,
} from '@runway/plugin-impact-common';
import useAsync from 'react-use/esm/useAsync';

const DAY = 86_400_000;

/** The report as `GET /api/impact/report` answers it. */
export interface ImpactAnswer extends ImpactReport {
  figures: (ImpactReport['figures'][number] & { before?: string })[];
  /** Sources that did not answer, and why. */
  gaps: string[];
}

export type { FigureId };

/** The measured impact over the `days` before now, for `team` (every team when absent). */
export function useImpactReport(days: number, team?: string) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useAsync(async (): Promise<ImpactAnswer> => {
    // Whole weeks, as the API counts them: through the end of this week, `days` days back.
    const to = endOfWeek(new Date());
    const from = new Date(to.getTime() - days * DAY);
    const query = new URLSearchParams({
      from: from.toISOString(),
      to: to.toISOString(),
    });
    if (team) query.set('team', team);
    const base = await discoveryApi.getBaseUrl('impact');
    const response = await fetchApi.fetch(`${base}/report?${query}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }, [days, team]);
}
