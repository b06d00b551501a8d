/**
 * A browser on the devstack's web view, for the two identity-provider consoles' tests (`/idp`,
 * `/idp/entra`): both read pages without following redirects and post their forms as a browser
 * does (no script), and both hire the same person whose name is markup, to see it escaped.
 */

/** A name that would run as script if a page did not escape it. */
export const EVIL = '<script>alert("hired")</script>';

/** The hire form as both consoles' tests fill it (Okta's adds the time zone). */
export const HIRE = {
  name: EVIL,
  email: 'script.kiddie@acme.example',
  githubLogin: 'script-kiddie',
  team: 'storefront',
  managerEmail: 'grace.liu@acme.example',
  buddyEmail: '',
  startDate: '2027-02-01',
};

/** Reads and posts pages of the web view at `base()` (read late: the devstack starts in beforeAll). */
export function consoleBrowser(base: () => string) {
  return {
    async page(path: string) {
      const res = await fetch(`${base()}${path}`, { redirect: 'manual' });
      return { res, status: res.status, text: await res.text() };
    },

    /** A form post as a browser on the web view sends it; `headers` override where it comes from. */
    async submit(
      path: string,
      fields: Record<string, string> = {},
      headers: Record<string, string> = {},
    ) {
      const res = await fetch(`${base()}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: base(),
          'Sec-Fetch-Site': 'same-origin',
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      });
      return {
        status: res.status,
        location: res.headers.get('location'),
        text: await res.text(),
      };
    },
  };
}
