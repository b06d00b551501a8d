export * from './types';
export * from './settings';
export * from './ArgoCdClient';
export * from './verdict';
