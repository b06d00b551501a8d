import { createDevApp } from '@backstage/frontend-dev-utils';
import plugin from '../src';

// Serves the page alone (`yarn start` here); it talks to the backend at backend.baseUrl.
createDevApp({ features: [plugin] });
