export * from './EnvironmentsApi';
export {
  EnvironmentsClient,
  EnvironmentsRequestError,
} from './EnvironmentsClient';
