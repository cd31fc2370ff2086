/** Cytoscape styles of the grouped view: role colours, open groups as frames, edges coloured by utilisation. */
export const STYLE = [
  { selector: 'node', style: { label: 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 7, 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 2, color: '#1f2733', 'background-color': '#7b8494', width: 22, height: 22, 'border-width': 1, 'border-color': '#ffffff' } },
  { selector: 'node.switch', style: { shape: 'round-rectangle' } },
  { selector: 'node.host', style: { shape: 'ellipse', width: 16, height: 16 } },
  { selector: 'node.group', style: { shape: 'round-octagon', width: 42, height: 42, 'font-size': 13, 'min-zoomed-font-size': 5, 'border-width': 3, 'border-color': '#ffffff', 'text-max-width': 110 } },
  { selector: 'node.group.container', style: { shape: 'round-rectangle', width: 60, height: 40, 'background-color': '#c9d2df', 'border-color': '#7d8a9c', 'border-width': 2 } },
  { selector: 'node.leaf', style: { 'background-color': '#2e9e6b' } },
  { selector: 'node.spine', style: { 'background-color': '#3b7dd8' } },
  { selector: 'node.core', style: { 'background-color': '#8e5bd6' } },
  { selector: 'node.router', style: { 'background-color': '#d9822b' } },
  { selector: 'node.hosts', style: { 'background-color': '#7b8494' } },
  {
    selector: 'node.open',
    style: { shape: 'round-rectangle', 'background-color': '#eef2f7', 'background-opacity': 0.55, 'border-width': 1, 'border-color': '#b4bfcd', 'text-valign': 'top', 'text-margin-y': -2, 'font-size': 12, 'min-zoomed-font-size': 5, padding: 12, color: '#3d4756' },
  },
  { selector: 'node.open.container', style: { 'background-color': '#e3e9f2', 'border-color': '#7d8a9c', 'border-width': 2, 'font-size': 22, 'font-weight': 'bold' } },
  { selector: 'node.open.leaf', style: { 'background-color': '#e3f3ea' } },
  { selector: 'node.open.spine', style: { 'background-color': '#e4edfa' } },
  { selector: 'node.open.core', style: { 'background-color': '#eee6fa' } },
  { selector: 'node.open.router', style: { 'background-color': '#fbeee0' } },
  { selector: 'node.group.hot', style: { 'background-color': 'data(hc)' } },
  { selector: 'node:selected', style: { 'border-color': '#00b050', 'border-width': 4 } },
  { selector: 'edge', style: { 'curve-style': 'haystack', 'haystack-radius': 0, width: 'data(w)', 'line-color': 'data(c)', opacity: 0.8 } },
  // selection in green: outside the blue → yellow → red utilisation scale
  { selector: 'edge:selected', style: { 'line-color': '#00b050', opacity: 1, 'z-index': 10 } },
];
