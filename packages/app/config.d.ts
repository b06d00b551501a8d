export interface Config {
  runway?: {
    signIn?: {
      /**
       * Sign-in methods the portal offers: `guest` (embedded default only) and/or `github`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
    github?: {
      /**
       * The forge holding Runway's repositories (one of integrations.github); the service page
       * asks it for CI runs.
       * @visibility frontend
       */
      host?: string;
    };
  };
}
