export * from './OnboardingApi';
export { OnboardingClient, OnboardingRequestError } from './OnboardingClient';
