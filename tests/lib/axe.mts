/**
 * axe-core in Chromium (issue 17): the page as it is now has no serious or critical violation.
 * Every browser test that renders a Runway page with real content calls it there, so the pages
 * are checked full (a hire's checklist, an environment with its services), not only empty.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol: Runway's Content-Security-Policy refuses inline scripts.
const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
}

/** axe's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // axe measures contrast as painted: a dialog or tooltip still fading in would fail it. Wait
  // for every finite animation and transition to end (a spinner's runs for ever).
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        animation =>
          animation.playState !== 'running' ||
          !Number.isFinite(
            Number(animation.effect?.getComputedTiming().endTime),
          ),
      ),
  );
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
}

/** Each violation with the first elements it names, their HTML and what axe says would fix it. */
const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map(
      v =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map(
            n =>
              `    ${n.target.join(' ')}\n      ${n.html.slice(
                0,
                300,
              )}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`,
          )
          .join('\n')}`,
    )
    .join('\n');

/** Fails with axe's findings if the page (`where`, for the message) has a serious or critical one. */
export async function assertAccessible(page: Page, where: string) {
  const violations = await seriousViolations(page);
  assert.deepEqual(
    violations.map(v => v.id),
    [],
    `${where}:\n${describeViolations(violations)}`,
  );
}
