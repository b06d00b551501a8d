export interface Config {
  runway?: {
    signIn?: {
      /**
       * Sign-in methods the portal offers: `guest` (embedded default only) and/or `github`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
