import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';
import { readablePalette } from './readablePalette';

/** Backstage's theme of this variant, with readable text colours, under the app's own id. */
function readableTheme(variant: 'light' | 'dark') {
  const theme = createUnifiedTheme({
    palette: readablePalette(palettes[variant]),
  });
  return ThemeBlueprint.make({
    name: variant,
    params: {
      theme: {
        id: variant,
        title: variant === 'light' ? 'Light Theme' : 'Dark Theme',
        variant,
        icon: variant === 'light' ? <LightIcon /> : <DarkIcon />,
        Provider: ({ children }) => (
          <UnifiedThemeProvider theme={theme} children={children} />
        ),
      },
    },
  });
}

/**
 * Backstage's light and dark themes (same ids, so they replace the app's), with status colours
 * and secondary text that reach WCAG AA (readablePalette).
 */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [readableTheme('light'), readableTheme('dark')],
});
