import { useEffect } from 'react';
import { useShadowRootElements } from '@backstage/plugin-techdocs-react';

/**
 * Puts each code block of a TechDocs page in the Tab order, so that a reader on the keyboard can
 * scroll one wider than the page (WCAG 2.1.1; axe's scrollable-region-focusable). Material for
 * MkDocs does this itself from 9.x; the version TechDocs is built with here does not.
 */
export function FocusableCodeBlocks() {
  const blocks = useShadowRootElements<HTMLElement>(['pre > code']);
  useEffect(() => {
    for (const block of blocks) {
      if (!block.hasAttribute('tabindex')) block.tabIndex = 0;
    }
  }, [blocks]);
  return null;
}
