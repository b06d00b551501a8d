/** Where the forge's things live: the API, the web view and git over HTTP, all on one origin. */
export class ForgeUrls {
  constructor(readonly base: string) {}

  get api() {
    return `${this.base}/api/v3`;
  }

  /** The web view page of a repository (and of its pull requests). */
  html(owner: string, repo?: string) {
    return repo ? `${this.base}/${owner}/${repo}` : `${this.base}/${owner}`;
  }

  clone(owner: string, repo: string) {
    return `${this.base}/${owner}/${repo}.git`;
  }

  repoApi(owner: string, repo: string) {
    return `${this.api}/repos/${owner}/${repo}`;
  }
}
