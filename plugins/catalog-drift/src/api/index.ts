export * from './CatalogDriftApi';
export * from './CatalogDriftClient';
