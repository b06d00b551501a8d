export { CatalogDriftPage } from './CatalogDriftPage';
