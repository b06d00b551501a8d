import { Route, Routes } from 'react-router-dom';
import { NewHirePage } from './NewHirePage';
import { NewHiresPage } from './NewHiresPage';

/** `/onboarding`: everyone joining or leaving; `/onboarding/hires/<idpUserId>`: one hire's page. */
export function OnboardingRoutes() {
  return (
    <Routes>
      <Route path="/" element={<NewHiresPage />} />
      <Route path="/hires/:idpUserId" element={<NewHirePage />} />
    </Routes>
  );
}
