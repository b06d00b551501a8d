import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages render a whole app in jsdom: on a busy 2-core machine that takes seconds. Tests wait for
// conditions (findBy*, waitFor); these are only the ceilings, generous so load never fails them.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });
