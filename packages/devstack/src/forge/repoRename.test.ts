/**
 * Renaming, archiving and deleting a repository on the forge, through @octokit/rest as production
 * uses it: the old name redirects to the new one as GitHub's does, an archived repository is
 * read-only, and every answer matches GitHub's OpenAPI description.
 */
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';

jest.setTimeout(60_000);

let devstack: Devstack;
let octokit: Octokit;
// Octokit logs every failed request; these tests provoke failures on purpose.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, validateResponses: true });
  octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: quiet,
  });
});

afterAll(() => devstack.stop());

afterEach(() => {
  const violations = devstack.forge.responseViolations.splice(0);
  if (violations.length)
    throw new Error(
      `answers off the description: ${JSON.stringify(violations)}`,
    );
});

/** The raw answer, redirects not followed, as a client that does not follow them sees it. */
const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${devstack.urls.githubApi}${path}`, {
    ...init,
    redirect: 'manual',
    headers: {
      Authorization: `token ${devstack.githubToken}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

async function repoWithFile(name: string) {
  await octokit.rest.repos.createInOrg({ org: 'acme', name, auto_init: true });
  await octokit.rest.repos.createOrUpdateFileContents({
    owner: 'acme',
    repo: name,
    path: 'catalog-info.yaml',
    message: 'Add catalog-info.yaml',
    content: Buffer.from(`metadata:\n  name: ${name}\n`).toString('base64'),
  });
}

describe('renaming a repository', () => {
  it('answers the old name with 301 to the new location, which Octokit follows', async () => {
    await repoWithFile('billing');
    const { data: renamed } = await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'billing',
      name: 'invoicing',
    });
    expect(renamed.full_name).toBe('acme/invoicing');

    const moved = await raw('/repos/acme/billing');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(
      `${devstack.urls.githubApi}/repos/acme/invoicing`,
    );
    expect(await moved.json()).toMatchObject({
      message: 'Moved Permanently',
      url: `${devstack.urls.githubApi}/repos/acme/invoicing`,
    });

    // What a client that follows redirects sees: the repository under its new name, git and all.
    const { data: followed } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'billing',
    });
    expect(followed.full_name).toBe('acme/invoicing');
    const { data: branch } = await octokit.rest.repos.getBranch({
      owner: 'acme',
      repo: 'invoicing',
      branch: 'main',
    });
    expect(branch.commit.commit.message).toBe('Add catalog-info.yaml');
    const { data: file } = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'invoicing',
      path: 'catalog-info.yaml',
    });
    expect(Buffer.from((file as any).content, 'base64').toString()).toContain(
      'name: billing',
    );
  });

  it('keeps the query of a redirected request, and answers a write with 307', async () => {
    await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'ledger',
      auto_init: true,
    });
    await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'ledger',
      name: 'general-ledger',
    });
    const branches = await raw('/repos/acme/ledger/branches?per_page=5');
    expect(branches.status).toBe(301);
    expect(branches.headers.get('location')).toBe(
      `${devstack.urls.githubApi}/repos/acme/general-ledger/branches?per_page=5`,
    );
    const write = await raw('/repos/acme/ledger', {
      method: 'PATCH',
      body: JSON.stringify({ description: 'The ledger' }),
    });
    expect(write.status).toBe(307);
    // Followed, the write lands on the renamed repository.
    await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'ledger',
      description: 'The ledger',
    });
    const { data } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'general-ledger',
    });
    expect(data.description).toBe('The ledger');
  });

  it('stops redirecting once a new repository takes the old name', async () => {
    await octokit.rest.repos.createInOrg({ org: 'acme', name: 'search' });
    await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'search',
      name: 'search-api',
    });
    await octokit.rest.repos.createInOrg({ org: 'acme', name: 'search' });
    const { data } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'search',
    });
    expect(data.full_name).toBe('acme/search');
  });

  it('refuses a name another repository has, naming the field', async () => {
    await octokit.rest.repos.createInOrg({ org: 'acme', name: 'cart' });
    await octokit.rest.repos.createInOrg({ org: 'acme', name: 'checkout' });
    await expect(
      octokit.rest.repos.update({
        owner: 'acme',
        repo: 'cart',
        name: 'checkout',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [expect.objectContaining({ field: 'name', code: 'custom' })],
        },
      },
    });
  });
});

describe('archiving a repository', () => {
  it('says archived: true and refuses writes until it is unarchived', async () => {
    await repoWithFile('legacy-reports');
    const { data } = await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'legacy-reports',
      archived: true,
    });
    expect(data.archived).toBe(true);
    const { data: read } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'legacy-reports',
    });
    expect(read.archived).toBe(true);
    await expect(
      octokit.rest.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'legacy-reports',
        names: ['retired'],
      }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('archived so is read-only'),
    });
    await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'legacy-reports',
      archived: false,
    });
    await octokit.rest.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'legacy-reports',
      names: ['retired'],
    });
  });
});

describe('deleting a repository', () => {
  it('answers 204, then 404 for it', async () => {
    await repoWithFile('throwaway');
    const deleted = await octokit.rest.repos.delete({
      owner: 'acme',
      repo: 'throwaway',
    });
    expect(deleted.status).toBe(204);
    await expect(
      octokit.rest.repos.get({ owner: 'acme', repo: 'throwaway' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('listing branches', () => {
  // GitHub's Actions plugin reads pages until an empty one: an unpaged answer never ends.
  it('pages them as GitHub does, so a reader that asks for the next page stops', async () => {
    const { data: first } = await octokit.rest.repos.listBranches({
      owner: 'acme',
      repo: 'cart-service',
      per_page: 100,
      page: 1,
    });
    expect(first.map(b => b.name)).toContain('main');
    const { data: second } = await octokit.rest.repos.listBranches({
      owner: 'acme',
      repo: 'cart-service',
      per_page: 100,
      page: 2,
    });
    expect(second).toEqual([]);
  });
});
