/**
 * Golden-path forms in Chromium refuse, before Submit, what their actions would refuse after it
 * (issue 17): the new-service form does not offer or take the organisation group `acme` as owner
 * (it has no cost center), and the environment form does not go on with neither a system nor a
 * service. Against the production build on its embedded defaults; screenshots in
 * .runway/screenshots (forms-*.png). Run by scripts/test after `yarn build:all`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { type GuestSession, withFailureShot } from './lib/guestChromium.mts';
import { type GuestPortal, startGuestPortal } from './lib/guestPortal.mts';

const SHOT = 'forms-';
const NOTHING_TO_RUN =
  'Pick a whole system above, or add at least one service.';

/** The options an entity picker's list shows once opened, as their text. */
async function pickerOptions(page: Page, field: Locator): Promise<string[]> {
  await field.click();
  const options = page.getByRole('listbox').getByRole('option');
  await options.first().waitFor();
  return options.allInnerTexts();
}

describe('golden-path forms in Chromium', () => {
  let portal: GuestPortal | undefined;
  let session: GuestSession | undefined;
  let url: string;

  const step = (name: string, fn: (page: Page) => Promise<void>) =>
    test(name, () =>
      withFailureShot(session!, `${SHOT}failure`, () => fn(session!.page)),
    );

  before(async () => {
    portal = await startGuestPortal({
      name: 'forms',
      entities: [
        'template/default/new-service',
        'template/default/ephemeral-environment',
        'group/default/acme',
        'group/default/payments',
        'system/default/storefront',
      ],
      failureShot: `${SHOT}failure`,
    });
    session = portal.session;
    url = portal.url;
  });

  after(() => portal?.stop());

  step(
    'the new-service form offers only teams with a cost center as owner, and will not take "acme"',
    async page => {
      await page.goto(`${url}/create/templates/default/new-service`);
      const owner = page.getByRole('textbox', { name: 'Owner team' });
      const offered = await pickerOptions(page, owner);
      assert.ok(
        offered.some(o => /payments/i.test(o)),
        `payments offered (${offered.join(', ')})`,
      );
      assert.ok(
        !offered.some(
          o => /^acme$/i.test(o.trim()) || /group:.*acme\b/i.test(o),
        ),
        `acme not offered (${offered.join(', ')})`,
      );
      await owner.fill('acme');
      await page.getByText('No options', { exact: true }).waitFor();
      await session!.shot(`${SHOT}owner-acme`);
      await owner.press('Tab');
      assert.equal(
        await owner.inputValue(),
        '',
        'the typed "acme" is not kept',
      );

      // Everything else filled in: only the owner is missing, and the form does not go on.
      await page.getByRole('textbox', { name: 'Name' }).fill('forms-demo');
      await page
        .getByRole('textbox', { name: 'Description' })
        .fill('Tries the owner picker.');
      await pickerOptions(page, page.getByRole('textbox', { name: 'System' }));
      await page
        .getByRole('option', { name: /storefront/i })
        .first()
        .click();
      await page.getByRole('button', { name: 'Next' }).click();
      assert.equal(
        await owner.evaluate(
          el => (el as HTMLInputElement).validity.valueMissing,
        ),
        true,
        'the owner is reported missing',
      );
      assert.equal(
        await page.getByRole('textbox', { name: 'PagerDuty service' }).count(),
        0,
        'the next step was not reached',
      );
    },
  );

  step(
    'the environment form does not go on with neither a system nor a service',
    async page => {
      await page.goto(`${url}/create/templates/default/ephemeral-environment`);
      await page.getByRole('textbox', { name: 'Name' }).fill('forms-demo');
      // The lifetime is a number field bounded as the action bounds it.
      const lifetime = page.getByRole('spinbutton', { name: /Lifetime/ });
      assert.equal(await lifetime.getAttribute('min'), '1');
      assert.equal(await lifetime.getAttribute('max'), '30');
      const owner = page.getByRole('textbox', { name: 'Owner team' });
      await pickerOptions(page, owner);
      await page
        .getByRole('option', { name: /storefront/i })
        .first()
        .click();
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByText('What runs in it').first().waitFor();
      await page.getByRole('button', { name: /^(Review|Next)$/ }).click();
      await page.getByText(NOTHING_TO_RUN).first().waitFor();
      await session!.shot(`${SHOT}environment-nothing-to-run`);
      assert.equal(
        await page.getByRole('button', { name: 'Create' }).count(),
        0,
        'the review step with its Create button was not reached',
      );

      // A whole system is enough.
      const system = page.getByRole('textbox', { name: 'A whole system' });
      await pickerOptions(page, system);
      await page
        .getByRole('option', { name: /storefront/i })
        .first()
        .click();
      await page.getByRole('button', { name: /^(Review|Next)$/ }).click();
      await page.getByRole('button', { name: 'Create' }).waitFor();
    },
  );

  step(
    'the environment form does not go on with a service listed twice',
    async page => {
      await page.goto(`${url}/create/templates/default/ephemeral-environment`);
      await page.getByRole('textbox', { name: 'Name' }).fill('forms-twice');
      await pickerOptions(
        page,
        page.getByRole('textbox', { name: 'Owner team' }),
      );
      await page
        .getByRole('option', { name: /storefront/i })
        .first()
        .click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('What runs in it').first().waitFor();

      const add = page.getByRole('button', { name: /add/i }).first();
      for (const row of [0, 1]) {
        await add.click();
        const service = page.locator(`#root_services_${row}_entityRef`);
        await pickerOptions(page, service);
        await page
          .getByRole('option', { name: /^cart service$/i })
          .first()
          .click();
      }
      // Said under the second row as soon as it names the same service…
      await page
        .getByText(
          'component:default/cart-service is listed twice; an environment runs each service once, from one branch.',
        )
        .waitFor();
      // …and Review does not go on.
      await page.getByRole('button', { name: /^(Review|Next)$/ }).click();
      await page.getByRole('button', { name: /^(Review|Next)$/ }).waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Create' }).count(),
        0,
        'the review step with its Create button was not reached',
      );
    },
  );
});
