/** Reads every node label of one report view as Cytoscape draws it: rendered and minimum zoomed font size. */
import type { Page } from 'playwright-core';

export interface DrawnLabel {
  id: string;
  label: string;
  /** a top-level node (no parent group) */
  orphan: boolean;
  /** rendered font size, screen px */
  fs: number;
  /** below this rendered size Cytoscape hides the label */
  min: number;
}

export function viewLabels(page: Page, view: number): Promise<DrawnLabel[]> {
  return page.evaluate((v) => {
    const cy = (window as any).__topoplan.views[v].cy;
    return cy.nodes().map((n: any) => ({
      id: n.id(),
      label: String(n.data('label') ?? ''),
      orphan: n.isOrphan(),
      fs: parseFloat(n.renderedStyle('font-size')),
      min: parseFloat(n.style('min-zoomed-font-size')),
    }));
  }, view);
}
