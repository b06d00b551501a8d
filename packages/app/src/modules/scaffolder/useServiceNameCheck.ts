import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { serviceNameProblem } from '@runway/platform-common';
import { findTakenName, TakenName } from './serviceNameAvailability';

/** What the picker says about the name typed so far. */
export type ServiceNameCheck =
  | { status: 'empty' }
  | { status: 'typing' }
  | { status: 'invalid'; message: string }
  | { status: 'checking' }
  | { status: 'available' }
  | { status: 'taken'; taken: TakenName }
  | { status: 'unknown'; message: string };

type Lookup = { name: string; taken?: TakenName; error?: Error };

/**
 * Checks a service name once typing pauses for `delayMs`: its format first, then (only for a
 * well-formed name) whether the catalogue already holds it. One catalogue query per pause.
 */
export function useServiceNameCheck(
  name: string,
  delayMs = 300,
): ServiceNameCheck {
  const catalogApi = useApi(catalogApiRef);
  const settled = useDebouncedValue(name, delayMs);
  const [lookup, setLookup] = useState<Lookup>();

  useEffect(() => {
    if (!settled || serviceNameProblem(settled)) return undefined;
    let current = true;
    findTakenName(catalogApi, settled).then(
      taken => current && setLookup({ name: settled, taken }),
      error => current && setLookup({ name: settled, error }),
    );
    return () => {
      current = false;
    };
  }, [catalogApi, settled]);

  if (!name) return { status: 'empty' };
  if (name !== settled) {
    // Format complaints wait for the pause; a plausible name shows progress at once.
    return serviceNameProblem(name)
      ? { status: 'typing' }
      : { status: 'checking' };
  }
  const problem = serviceNameProblem(name);
  if (problem) return { status: 'invalid', message: problem };
  if (lookup?.name !== name) return { status: 'checking' };
  if (lookup.error) return { status: 'unknown', message: lookup.error.message };
  if (lookup.taken) return { status: 'taken', taken: lookup.taken };
  return { status: 'available' };
}

function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
