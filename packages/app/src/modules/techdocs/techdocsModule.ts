import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { TechDocsAddonLocations } from '@backstage/plugin-techdocs-react';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';
import { FocusableCodeBlocks } from './FocusableCodeBlocks';

/** Runway's TechDocs addons, on the reader page and each entity's docs tab. */
export const techdocsModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [
    AddonBlueprint.make({
      name: 'focusable-code-blocks',
      params: {
        name: 'FocusableCodeBlocks',
        location: TechDocsAddonLocations.Content,
        component: FocusableCodeBlocks,
      },
    }),
  ],
});
