import {
  createTheme,
  darken,
  decomposeColor,
  getContrastRatio,
  getLuminance,
  lighten,
  recomposeColor,
} from '@material-ui/core/styles';
import { palettes } from '@backstage/theme';

/** WCAG AA for normal text. */
export const AA = 4.5;

/**
 * `color`, darkened (lightened, on dark backgrounds) until text in it reaches WCAG AA on each of
 * `backgrounds`; a colour that already does is returned as it is.
 */
export function readableOn(color: string, ...backgrounds: string[]): string {
  const shift = getLuminance(backgrounds[0]) > 0.5 ? darken : lighten;
  const readable = (shade: string) =>
    backgrounds.every(b => getContrastRatio(shade, b) >= AA);
  let shade = color;
  for (let i = 0; i < 20 && !readable(shade); i++) shade = shift(shade, 0.05);
  return shade;
}

/** A translucent colour (MUI's text colours are) as it shows over `background`. */
export function flatten(color: string, background: string): string {
  const { values } = decomposeColor(color);
  const alpha = values[3] ?? 1;
  const under = decomposeColor(background).values;
  const mixed = [0, 1, 2].map(i =>
    Math.round(values[i] * alpha + under[i] * (1 - alpha)),
  );
  return recomposeColor({ type: 'rgb', values: mixed as any });
}

/**
 * What the page is painted with besides the palette's background: Backstage UI's app background
 * (`--bui-bg-app`), under the pages that its header lays out.
 */
const APP_BACKGROUND = { light: '#f5f5f5', dark: '#333333' } as const;

type Palette = (typeof palettes)['light' | 'dark'];

/**
 * Backstage's palette with the colours text is written in made readable on the page's
 * backgrounds: success, error, warning and info, the status colours and secondary text. Their
 * defaults fall short (green text on the grey page was 2.6:1, secondary text 4.47:1).
 */
export function readablePalette<P extends Palette>(palette: P) {
  const backgrounds = [
    APP_BACKGROUND[palette.type],
    palette.background.default,
    palette.background.paper,
  ];
  const readable = (color: string) => readableOn(color, ...backgrounds);
  // MUI fills in what Backstage's palette leaves out (success, info, text...).
  const full = createTheme({ palette: palette as any }).palette;
  const main = (key: 'success' | 'error' | 'warning' | 'info') => ({
    main: readable(full[key].main),
  });
  return {
    ...palette,
    success: main('success'),
    error: main('error'),
    warning: main('warning'),
    info: main('info'),
    text: {
      ...full.text,
      secondary: readable(flatten(full.text.secondary, backgrounds[0])),
    },
    status: {
      ...palette.status,
      ok: readable(palette.status.ok),
      warning: readable(palette.status.warning),
      error: readable(palette.status.error),
    },
  };
}
