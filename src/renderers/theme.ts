/**
 * Theme following for the parts whose colours are computed in JS (Vega). A
 * mimeExtension gets no IThemeManager, so watch the attributes JupyterLab sets
 * on <body> when the theme changes (data-jp-theme-light / data-jp-theme-name).
 */
import { LIGHT_COLORS, type PlotColors } from '../outputs/plotspec';

export class ThemeWatcher {
  constructor(onChange: () => void) {
    if (typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
      this.observer = new MutationObserver(onChange);
      this.observer.observe(document.body, {
        attributes: true,
        attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name']
      });
    }
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  private observer: MutationObserver | null = null;
}

/** Plot colours from the current theme's --jp-* variables, read at draw time. */
export function themeColors(node: HTMLElement): PlotColors {
  const style = getComputedStyle(node);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--jp-layout-color0', LIGHT_COLORS.background),
    text: v('--jp-ui-font-color1', LIGHT_COLORS.text),
    grid: v('--jp-border-color2', LIGHT_COLORS.grid),
    domain: v('--jp-border-color1', LIGHT_COLORS.domain),
    before: v('--jp-ui-font-color3', LIGHT_COLORS.before),
    after: v('--jp-brand-color1', LIGHT_COLORS.after),
    gap: v('--jp-error-color1', LIGHT_COLORS.gap),
    diagonal: v('--jp-ui-font-color2', LIGHT_COLORS.diagonal),
    font: v('--jp-ui-font-family', LIGHT_COLORS.font)
  };
}
