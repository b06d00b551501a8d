/** The golden paths whose times Runway measures, by their template's entity ref. */
export const GOLDEN_PATH_TEMPLATES = {
  newService: 'template:default/new-service',
  environment: 'template:default/ephemeral-environment',
  onboarding: 'template:default/engineer-onboarding',
} as const;
