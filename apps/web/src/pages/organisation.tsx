import { useEffect, useState } from 'preact/hooks';
import { request } from '../api';
import { PartnershipGraph } from '../components/partnership-graph';
import { OrganisationPageDocument, PartnershipPageDocument } from '../graphql/generated';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useQuery } from '../use-query';
import { OrganisationLink } from './case-study';
import { NotFound, notReady } from './common';

export function OrganisationPage({ id }: { id: string }) {
  const i18n = useI18n();
  const query = useQuery(OrganisationPageDocument, { id });
  const { data } = query;
  // The members of the partnerships that reach the outer ring: which partner each outer organisation hangs from.
  const [membersOf, setMembersOf] = useState<Record<string, string[]>>({});
  useEffect(() => {
    const outer = [...new Set((data?.partnershipGraph ?? []).filter((node) => node.depth === 2).flatMap((node) => node.partnershipIds))];
    Promise.all(outer.map((partnershipId) => request(PartnershipPageDocument, { id: partnershipId }).then(({ partnership }) => [partnershipId, partnership?.members.map((m) => m.organisationId) ?? []] as const))).then(
      (entries) => setMembersOf(Object.fromEntries(entries)),
      () => undefined,
    );
  }, [data]);
  const early = notReady(query);
  if (early) return early;
  const organisation = data?.organisation;
  if (!organisation) return <NotFound />;
  return (
    <article>
      <h1>{organisation.name}</h1>
      <p class="meta">
        {i18n.label(organisation.type)} · {organisation.city ? `${organisation.city}, ` : ''}
        {i18n.countryName(organisation.country)} · {i18n.label(organisation.status)} · {i18n.date(organisation.registeredAt)}
      </p>
      {organisation.description && <p>{organisation.description}</p>}
      {organisation.website && (
        <p>
          <a href={organisation.website} rel="noopener noreferrer">
            {organisation.website}
          </a>
        </p>
      )}
      {organisation.partnerships.edges.length > 0 && (
        <section aria-labelledby="partnerships-heading">
          <h2 id="partnerships-heading">{i18n.t('partnerships')}</h2>
          <ul>
            {organisation.partnerships.edges.map(({ node }) => (
              <li key={node.id}>
                <Link href={`/partnerships/${node.id}`}>{node.title}</Link> <span class="meta">({i18n.label(node.status)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.partnershipGraph.length > 0 && (
        <section aria-labelledby="graph-heading">
          <h2 id="graph-heading">{i18n.t('partnershipGraph')}</h2>
          <PartnershipGraph centre={{ id: organisation.id, name: organisation.name }} nodes={data.partnershipGraph} membersOf={membersOf} label={i18n.t('partnershipGraph')} />
        </section>
      )}
      {organisation.caseStudies.edges.length > 0 && (
        <section aria-labelledby="org-cases-heading">
          <h2 id="org-cases-heading">{i18n.t('navSearch')}</h2>
          <ul>
            {organisation.caseStudies.edges
              .filter(({ node }) => node.published)
              .map(({ node }) => (
                <li key={node.id} lang={node.published!.language}>
                  <Link href={`/case-studies/${node.id}`}>{node.published!.title}</Link>
                </li>
              ))}
          </ul>
        </section>
      )}
    </article>
  );
}

export function PartnershipPage({ id }: { id: string }) {
  const i18n = useI18n();
  const query = useQuery(PartnershipPageDocument, { id });
  const { data } = query;
  const early = notReady(query);
  if (early) return early;
  const partnership = data?.partnership;
  if (!partnership) return <NotFound />;
  return (
    <article>
      <h1>{partnership.title}</h1>
      <p class="meta">
        {i18n.label(partnership.status)} · {partnership.startsOn}
        {partnership.endsOn ? ` – ${partnership.endsOn}` : ''} · {partnership.sectors.map(i18n.label).join(', ')} · {partnership.countries.map(i18n.countryName).join(', ')}
      </p>
      <p>{partnership.objectives}</p>
      <h2>{i18n.t('organisations')}</h2>
      <ul>
        {partnership.members.map((member) => (
          <li key={member.organisationId}>
            <OrganisationLink id={member.organisationId} /> <span class="meta">({i18n.label(member.role)}, {i18n.label(member.status)})</span>
          </li>
        ))}
      </ul>
    </article>
  );
}
