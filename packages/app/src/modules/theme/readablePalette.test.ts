import { getContrastRatio } from '@material-ui/core/styles';
import { palettes } from '@backstage/theme';
import { AA, flatten, readableOn, readablePalette } from './readablePalette';

describe('readablePalette', () => {
  it.each([
    ['light', ['#f5f5f5', '#F8F8F8', '#FFFFFF']],
    ['dark', ['#333333']],
  ] as const)(
    'the %s palette writes status and secondary text at 4.5:1 or more on its backgrounds',
    (name, backgrounds) => {
      const palette = readablePalette(palettes[name]);
      const colors = {
        success: palette.success.main,
        error: palette.error.main,
        warning: palette.warning.main,
        info: palette.info.main,
        'text.secondary': palette.text.secondary,
        'status.ok': palette.status.ok,
        'status.warning': palette.status.warning,
        'status.error': palette.status.error,
      };
      for (const background of [...backgrounds, palette.background.default]) {
        for (const [key, color] of Object.entries(colors)) {
          expect([
            key,
            background,
            getContrastRatio(color, background) >= AA,
          ]).toEqual([key, background, true]);
        }
      }
    },
  );

  it("keeps the rest of Backstage's palette", () => {
    const palette = readablePalette(palettes.light);
    expect(palette.primary).toEqual(palettes.light.primary);
    expect(palette.status.pending).toBe(palettes.light.status.pending);
    expect(palette.background).toEqual(palettes.light.background);
  });

  it('darkens on light backgrounds, lightens on dark ones, and leaves a readable colour', () => {
    const green = readableOn('#4caf50', '#f5f5f5', '#ffffff');
    expect(getContrastRatio(green, '#f5f5f5')).toBeGreaterThanOrEqual(AA);
    expect(
      getContrastRatio(readableOn('#1f5493', '#333333'), '#333333'),
    ).toBeGreaterThanOrEqual(AA);
    expect(readableOn('#000000', '#ffffff')).toBe('#000000');
  });

  it('flattens a translucent colour over its background', () => {
    expect(flatten('rgba(0, 0, 0, 0.54)', '#f5f5f5')).toBe(
      'rgb(113, 113, 113)',
    );
    expect(flatten('#123456', '#ffffff')).toBe('rgb(18, 52, 86)');
  });
});
