import { Route, Routes } from 'react-router-dom';
import { EnvironmentDetailsPage } from './EnvironmentDetailsPage';
import { EnvironmentsListPage } from './EnvironmentsListPage';

/** `/environments` lists them; `/environments/<name>` shows one (the expiry warnings link there). */
export function EnvironmentsPage() {
  return (
    <Routes>
      <Route path="/" element={<EnvironmentsListPage />} />
      <Route path="/:name" element={<EnvironmentDetailsPage />} />
    </Routes>
  );
}
