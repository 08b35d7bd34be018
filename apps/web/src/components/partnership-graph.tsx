import { Link } from '../router';

export interface GraphNode {
  organisationId: string;
  name?: string | null;
  depth: number;
  partnershipIds: string[];
}

const SIZE = 420;
const CENTRE = SIZE / 2;
const RINGS = [0, 95, 180];

/** Where each organisation sits: the centre, then its partners on a ring, then theirs on an outer ring. */
export function layout(centre: { id: string; name: string }, nodes: GraphNode[], membersOf: Record<string, string[]>) {
  const placed = [{ id: centre.id, name: centre.name, depth: 0, partnershipIds: [] as string[], x: CENTRE, y: CENTRE }];
  for (const depth of [1, 2]) {
    const ring = nodes.filter((node) => node.depth === depth);
    ring.forEach((node, index) => {
      const angle = (2 * Math.PI * index) / ring.length - Math.PI / 2 + (depth === 2 ? Math.PI / Math.max(ring.length, 1) : 0);
      placed.push({ id: node.organisationId, name: node.name ?? node.organisationId, depth, partnershipIds: node.partnershipIds, x: CENTRE + RINGS[depth] * Math.cos(angle), y: CENTRE + RINGS[depth] * Math.sin(angle) });
    });
  }
  // A line for each shared partnership: the centre to its partners, and each outer organisation to the
  // partners that are members of the partnership it is reached through (membersOf: partnership -> members).
  const edges: Array<[number, number]> = [];
  placed.forEach((node, index) => {
    if (node.depth === 1) edges.push([0, index]);
    if (node.depth === 2)
      placed.forEach((other, j) => {
        if (other.depth === 1 && node.partnershipIds.some((id) => membersOf[id]?.includes(other.id))) edges.push([j, index]);
      });
  });
  return { placed, edges };
}

/** The partnership graph around an organisation (depth 2) as SVG; every organisation is a link, so it works by keyboard. */
export function PartnershipGraph({ centre, nodes, membersOf, label }: { centre: { id: string; name: string }; nodes: GraphNode[]; membersOf: Record<string, string[]>; label: string }) {
  const { placed, edges } = layout(centre, nodes, membersOf);
  return (
    <svg class="partnership-graph" viewBox={`0 0 ${SIZE} ${SIZE}`} width={SIZE} height={SIZE} role="group" aria-label={label}>
      {edges.map(([a, b]) => (
        <line key={`${a}-${b}`} x1={placed[a].x} y1={placed[a].y} x2={placed[b].x} y2={placed[b].y} class="graph-edge" />
      ))}
      {placed.map((node) => (
        <Link key={node.id} href={`/organisations/${node.id}`}>
          {/* The full name, as the link's name: the label below may be cut short. */}
          <title>{node.name}</title>
          <circle cx={node.x} cy={node.y} r={node.depth === 0 ? 12 : 8} class={`graph-node depth-${node.depth}`} />
          <text x={node.x} y={node.y + (node.depth === 0 ? 28 : 20)} text-anchor="middle" class="graph-label">
            {node.name.length > 22 ? `${node.name.slice(0, 21)}…` : node.name}
          </text>
        </Link>
      ))}
    </svg>
  );
}
