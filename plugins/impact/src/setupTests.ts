import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages render a whole app in jsdom: on a busy 2-core machine that takes seconds. Tests wait for
// conditions (findBy*, waitFor); this is only their ceiling, generous so that load never reaches it
// (the test's own ceiling is the root package.json's jest testTimeout).
configure({ asyncUtilTimeout: 15_000 });
