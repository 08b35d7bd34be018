// The demo dataset, generated here from a fixed seed (no text taken from real records): the same
// organisations, accounts, partnerships and case studies on every run, so loading it twice creates nothing new.
import type { PlatformRole } from '@sce/auth';
import type { MemberRole, OrganisationType } from '@sce/organisations';
import type { PartnerRole } from '@sce/partnerships';
import type { Sector } from '@sce/vocabulary';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of every demo id (uuid v5 of kind and key): fixed, so ids are the same on every run and machine. */
const DEMO_NAMESPACE = '8f6b7c1e-2d4a-5b3c-9e8f-0a1b2c3d4e5f';
export const demoId = (kind: string, key: string) => uuidv5(`${kind}:${key}`, DEMO_NAMESPACE);

/** The reserved example.org domain: demo addresses never reach anyone. */
export const DEMO_EMAIL_DOMAIN = 'demo.example.org';

export type DemoLanguage = 'en' | 'fr' | 'ru';
export const DEMO_LANGUAGES: readonly DemoLanguage[] = ['en', 'fr', 'ru'];
/** Published case studies per language (three languages: 60 in all). */
export const PUBLISHED_PER_LANGUAGE = 20;

export interface DemoAccount {
  key: string;
  name: string;
  email: string;
  roles: PlatformRole[];
}

export interface DemoOrganisation {
  key: string;
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  city: string;
  website: string;
  description: string;
  /** The language its case studies are written in. */
  language: DemoLanguage;
  owner: string;
  members: { account: string; role: MemberRole }[];
}

export interface DemoPartnership {
  key: string;
  id: string;
  lead: string;
  title: string;
  objectives: string;
  sectors: Sector[];
  countries: string[];
  startsOn: string;
  endsOn: string | null;
  partners: { organisation: string; role: Exclude<PartnerRole, 'LEAD'> }[];
}

/** Where the case study ends up: PUBLISHED goes draft -> submit -> approve by the demo reviewer. */
export type DemoStage = 'PUBLISHED' | 'DRAFT' | 'SUBMITTED';

export interface DemoCaseStudy {
  key: string;
  id: string;
  organisation: string;
  stage: DemoStage;
  partnership: string | null;
  /** In the draftCaseStudy input's field names (organisationId left out), validated as the API validates it. */
  input: Record<string, unknown>;
}

export interface DemoDataset {
  accounts: DemoAccount[];
  organisations: DemoOrganisation[];
  partnerships: DemoPartnership[];
  caseStudies: DemoCaseStudy[];
}

const account = (key: string, name: string, roles: PlatformRole[] = []): DemoAccount => ({ key, name, email: `${key}@${DEMO_EMAIL_DOMAIN}`, roles });

const ACCOUNTS: DemoAccount[] = [
  account('admin', 'Demo Administrator', ['ADMIN']),
  account('reviewer', 'Demo Reviewer', ['REVIEWER']),
  account('owner.tallinn', 'Kadri Tamm'),
  account('editor.tallinn', 'Mart Kask'),
  account('owner.lyon', 'Claire Fontaine'),
  account('editor.lyon', 'Julien Mercier'),
  account('owner.geneva', 'Aline Rochat'),
  account('owner.kazan', 'Ильдар Сафин'),
  account('owner.almaty-air', 'Айгерим Нурланова'),
  account('owner.nordlicht', 'Jonas Becker'),
  account('owner.tbilisi-institute', 'Nino Kapanadze'),
];

const organisation = (fields: Omit<DemoOrganisation, 'id' | 'owner' | 'members'>, members: DemoOrganisation['members'] = []): DemoOrganisation => ({
  ...fields,
  id: demoId('organisation', fields.key),
  owner: `owner.${fields.key}`,
  members,
});

// One of each kind of stakeholder: cities, an authority, a company, academia and an NGO.
const ORGANISATIONS: DemoOrganisation[] = [
  organisation(
    { key: 'tallinn', name: 'Tallinn City Government', type: 'MUNICIPALITY', country: 'EE', city: 'Tallinn', website: 'https://tallinn.demo.example.org', description: 'Capital city renovating its housing stock and public transport', language: 'en' },
    [{ account: 'editor.tallinn', role: 'EDITOR' }],
  ),
  organisation(
    { key: 'lyon', name: 'Métropole de Lyon', type: 'MUNICIPALITY', country: 'FR', city: 'Lyon', website: 'https://lyon.demo.example.org', description: 'Métropole engagée dans la transition énergétique et la mobilité douce', language: 'fr' },
    [{ account: 'editor.lyon', role: 'EDITOR' }],
  ),
  organisation({ key: 'geneva', name: "Office cantonal de l'énergie de Genève", type: 'REGIONAL_AUTHORITY', country: 'CH', city: 'Genève', website: 'https://geneve.demo.example.org', description: 'Autorité cantonale chargée de la politique énergétique', language: 'fr' }),
  organisation({ key: 'kazan', name: 'Исполнительный комитет города Казани', type: 'MUNICIPALITY', country: 'RU', city: 'Казань', website: 'https://kazan.demo.example.org', description: 'Городское управление, развивающее общественный транспорт и парки', language: 'ru' }),
  organisation({ key: 'almaty-air', name: 'Альянс за чистый воздух Алматы', type: 'NGO', country: 'KZ', city: 'Алматы', website: 'https://almaty-air.demo.example.org', description: 'Некоммерческая организация, измеряющая качество воздуха', language: 'ru' }),
  organisation({ key: 'nordlicht', name: 'Nordlicht Grid Services', type: 'COMPANY', country: 'DE', city: 'Hamburg', website: 'https://nordlicht.demo.example.org', description: 'Company building district heating and smart metering', language: 'en' }),
  organisation({ key: 'tbilisi-institute', name: 'Tbilisi Institute of Urban Studies', type: 'ACADEMIA', country: 'GE', city: 'Tbilisi', website: 'https://tius.demo.example.org', description: 'University institute evaluating urban policies', language: 'en' }),
];

const PARTNERSHIPS: DemoPartnership[] = [
  {
    key: 'baltic-retrofit',
    id: demoId('partnership', 'baltic-retrofit'),
    lead: 'tallinn',
    title: 'Apartment block retrofit exchange',
    objectives: 'Share financing models and technical standards for deep renovation of apartment blocks',
    sectors: ['HOUSING', 'ENERGY'],
    countries: ['EE', 'DE', 'GE'],
    startsOn: '2023-03-01',
    endsOn: '2026-12-31',
    partners: [
      { organisation: 'nordlicht', role: 'IMPLEMENTER' },
      { organisation: 'tbilisi-institute', role: 'KNOWLEDGE_PARTNER' },
    ],
  },
  {
    key: 'rhone-leman-energie',
    id: demoId('partnership', 'rhone-leman-energie'),
    lead: 'lyon',
    title: 'Réseaux de chaleur Rhône–Léman',
    objectives: 'Coordonner les réseaux de chaleur renouvelable et les aides à la rénovation',
    sectors: ['ENERGY', 'CLIMATE_ADAPTATION'],
    countries: ['FR', 'CH'],
    startsOn: '2022-09-01',
    endsOn: null,
    partners: [{ organisation: 'geneva', role: 'PARTNER' }],
  },
  {
    key: 'clean-air-network',
    id: demoId('partnership', 'clean-air-network'),
    lead: 'kazan',
    title: 'Сеть мониторинга качества воздуха',
    objectives: 'Общие датчики, открытые данные и меры по снижению загрязнения воздуха',
    sectors: ['AIR_QUALITY', 'ICT_AND_DIGITAL_SERVICES'],
    countries: ['RU', 'KZ'],
    startsOn: '2024-01-15',
    endsOn: null,
    partners: [{ organisation: 'almaty-air', role: 'PARTNER' }],
  },
];

/** A theme written in one language; `{city}` is replaced by the case study's city. */
interface Topic {
  key: string;
  sectors: Sector[];
  sdgTargets: string[];
  title: string;
  summary: string;
  body: string;
  situationBefore: string;
  objectives: string;
  process: string;
  results: string;
  block: { title: string; enablingFactors: string[]; barriers: string[]; lessons: string[]; facet: [string, string] };
  outcome: { description: string; indicator: string; unit: string; baseline: number; achieved: number };
  lessonsLearned: string[];
  fundingSources: string[];
  preconditions: string[];
  partnership?: string;
}

interface City {
  name: string;
  country: string;
  latitude: number;
  longitude: number;
  citySize: 'SMALL' | 'MEDIUM' | 'LARGE' | 'METROPOLITAN';
  incomeLevel: 'LOWER_MIDDLE' | 'UPPER_MIDDLE' | 'HIGH';
}

const CITIES: Record<DemoLanguage, City[]> = {
  en: [
    { name: 'Tallinn', country: 'EE', latitude: 59.437, longitude: 24.7536, citySize: 'LARGE', incomeLevel: 'HIGH' },
    { name: 'Tartu', country: 'EE', latitude: 58.378, longitude: 26.729, citySize: 'SMALL', incomeLevel: 'HIGH' },
    { name: 'Hamburg', country: 'DE', latitude: 53.5511, longitude: 9.9937, citySize: 'METROPOLITAN', incomeLevel: 'HIGH' },
    { name: 'Tbilisi', country: 'GE', latitude: 41.7151, longitude: 44.8271, citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Batumi', country: 'GE', latitude: 41.6168, longitude: 41.6367, citySize: 'MEDIUM', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Riga', country: 'LV', latitude: 56.9496, longitude: 24.1052, citySize: 'LARGE', incomeLevel: 'HIGH' },
  ],
  fr: [
    { name: 'Lyon', country: 'FR', latitude: 45.764, longitude: 4.8357, citySize: 'LARGE', incomeLevel: 'HIGH' },
    { name: 'Genève', country: 'CH', latitude: 46.2044, longitude: 6.1432, citySize: 'MEDIUM', incomeLevel: 'HIGH' },
    { name: 'Grenoble', country: 'FR', latitude: 45.1885, longitude: 5.7245, citySize: 'MEDIUM', incomeLevel: 'HIGH' },
    { name: 'Lausanne', country: 'CH', latitude: 46.5197, longitude: 6.6323, citySize: 'MEDIUM', incomeLevel: 'HIGH' },
    { name: 'Liège', country: 'BE', latitude: 50.6326, longitude: 5.5797, citySize: 'MEDIUM', incomeLevel: 'HIGH' },
    { name: 'Annecy', country: 'FR', latitude: 45.8992, longitude: 6.1294, citySize: 'SMALL', incomeLevel: 'HIGH' },
  ],
  ru: [
    { name: 'Казань', country: 'RU', latitude: 55.7887, longitude: 49.1221, citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Алматы', country: 'KZ', latitude: 43.222, longitude: 76.8512, citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Екатеринбург', country: 'RU', latitude: 56.8389, longitude: 60.6057, citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Бишкек', country: 'KG', latitude: 42.8746, longitude: 74.5698, citySize: 'LARGE', incomeLevel: 'LOWER_MIDDLE' },
    { name: 'Минск', country: 'BY', latitude: 53.9006, longitude: 27.559, citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE' },
    { name: 'Караганда', country: 'KZ', latitude: 49.8047, longitude: 73.1094, citySize: 'MEDIUM', incomeLevel: 'UPPER_MIDDLE' },
  ],
};

const TOPICS: Record<DemoLanguage, Topic[]> = {
  en: [
    {
      key: 'retrofit',
      sectors: ['HOUSING', 'ENERGY'],
      sdgTargets: ['11.1', '7.3'],
      title: 'Deep retrofit of prefabricated apartment blocks in {city}',
      summary: 'Owners associations in {city} insulated walls and roofs, replaced windows and installed heat meters in panel buildings.',
      body: '## Retrofitting panel buildings\n\nThe city offered a revolving loan to owners associations. Contractors insulated facades, renovated heating substations and balanced the radiators.\n\n## Heating bills\n\nResidents now pay for measured heat, and the renovated buildings use far less energy in winter.',
      situationBefore: 'Draughty flats, leaking roofs and heating bills that many pensioners could not pay',
      objectives: 'Halve the heat demand of the renovated buildings within five years',
      process: 'Owners voted building by building; the city paid for energy audits and supervised the works',
      results: 'Heat demand fell by almost half in the retrofitted blocks',
      block: { title: 'Revolving renovation fund', enablingFactors: ['Active owners associations', 'Energy audits paid by the city'], barriers: ['Split incentives between owners and tenants'], lessons: ['Start with a few visible buildings'], facet: ['instrument', 'revolving-fund'] },
      outcome: { description: 'Lower heat demand of renovated buildings', indicator: 'Heat demand', unit: 'kWh/m2', baseline: 210, achieved: 115 },
      lessonsLearned: ['Owners need a single contact person during the works'],
      fundingSources: ['Municipal revolving fund', 'Development bank loan'],
      preconditions: ['Owners associations are registered'],
      partnership: 'baltic-retrofit',
    },
    {
      key: 'buses',
      sectors: ['TRANSPORT', 'AIR_QUALITY'],
      sdgTargets: ['11.2', '3.9'],
      title: 'Electric buses and dedicated bus lanes in {city}',
      summary: '{city} replaced diesel buses with electric buses and painted bus lanes on the busiest corridors.',
      body: '## Electrifying the fleet\n\nThe transport company bought electric buses and charging stations at the depots.\n\n## Faster journeys\n\nDedicated lanes and priority at traffic lights made journeys shorter and more reliable for commuters.',
      situationBefore: 'Old diesel buses stuck in traffic and polluting the air of the city centre',
      objectives: 'Cut emissions and make bus journeys faster than driving',
      process: 'Corridors were chosen from passenger counts; lanes were tested with temporary paint before permanent works',
      results: 'Ridership grew and average journey times dropped on every electrified line',
      block: { title: 'Bus priority corridors', enablingFactors: ['Passenger counting data'], barriers: ['Opposition from shop owners about parking'], lessons: ['Test lanes with temporary markings'], facet: ['measure', 'bus-priority'] },
      outcome: { description: 'More passengers on electrified lines', indicator: 'Daily boardings', unit: 'passengers', baseline: 42000, achieved: 57000 },
      lessonsLearned: ['Publish journey times every month to keep public support'],
      fundingSources: ['Municipal budget', 'Green bond'],
      preconditions: ['The city controls its bus operator'],
    },
    {
      key: 'heating',
      sectors: ['ENERGY', 'CLIMATE_ADAPTATION'],
      sdgTargets: ['7.2', '13.2'],
      title: 'District heating from waste heat and heat pumps in {city}',
      summary: 'The district heating network of {city} now recovers waste heat from industry and uses large heat pumps.',
      body: '## Recovering waste heat\n\nHeat exchangers capture heat from a data centre and a sewage plant.\n\n## Heat pumps\n\nLarge heat pumps replaced an old gas boiler and smart meters help operators balance the network.',
      situationBefore: 'The heating network burned gas and lost much of its heat in old pipes',
      objectives: 'Supply most of the heating from renewable and recovered sources',
      process: 'The operator mapped heat sources, signed long contracts with suppliers and replaced the leaking pipes',
      results: 'Emissions of the network fell sharply and prices became more stable',
      block: { title: 'Waste heat contracts', enablingFactors: ['A public network operator'], barriers: ['Long payback periods'], lessons: ['Sign contracts before building the connections'], facet: ['technology', 'heat-pump'] },
      outcome: { description: 'Renewable share of district heating', indicator: 'Renewable heat share', unit: '%', baseline: 12, achieved: 58 },
      lessonsLearned: ['Smart meters pay back quickly in old networks'],
      fundingSources: ['Operator investment', 'EU cohesion funds'],
      preconditions: ['A district heating network exists'],
      partnership: 'baltic-retrofit',
    },
    {
      key: 'permits',
      sectors: ['ICT_AND_DIGITAL_SERVICES', 'GOVERNANCE_AND_FINANCE'],
      sdgTargets: ['16.6', '9.c'],
      title: 'Online building permits and open data in {city}',
      summary: 'Residents and companies in {city} apply for building permits online and follow every step of their applications.',
      body: '## One portal\n\nThe city moved permits, payments and inspections to one portal with electronic signatures.\n\n## Open data\n\nDecisions are published as open data so journalists and researchers can check waiting times.',
      situationBefore: 'Paper applications, long queues and no way to know where an application stood',
      objectives: 'Decide every permit within thirty days and make the process transparent',
      process: 'Officials redesigned the procedures with applicants before any software was written',
      results: 'Average waiting time for a permit fell from months to weeks',
      block: { title: 'Service design with applicants', enablingFactors: ['A digital identity for every resident'], barriers: ['Legacy databases'], lessons: ['Simplify the rules before digitising them'], facet: ['approach', 'service-design'] },
      outcome: { description: 'Shorter permit decisions', indicator: 'Days to decide a permit', unit: 'days', baseline: 96, achieved: 24 },
      lessonsLearned: ['Publishing waiting times changes behaviour inside the administration'],
      fundingSources: ['Municipal budget'],
      preconditions: ['A national digital identity'],
    },
    {
      key: 'flooding',
      sectors: ['CLIMATE_ADAPTATION', 'WATER', 'PUBLIC_SPACE'],
      sdgTargets: ['11.5', '13.1'],
      title: 'Rain gardens and green streets against flooding in {city}',
      summary: '{city} built rain gardens, permeable pavements and green roofs so that storms no longer flood the streets.',
      body: '## Sponge streets\n\nStreets were redesigned with planted swales that hold rainwater.\n\n## Green roofs\n\nA subsidy covered half of the cost of green roofs on schools and offices.',
      situationBefore: 'Heavy storms overflowed the sewers and flooded basements every summer',
      objectives: 'Keep rainwater where it falls and cool the streets during heatwaves',
      process: 'Neighbourhoods chose streets to redesign; gardeners maintain the planting with residents',
      results: 'Flooding complaints fell and the planted streets are cooler during heatwaves',
      block: { title: 'Planted swales', enablingFactors: ['Streets due for resurfacing anyway'], barriers: ['Underground cables'], lessons: ['Involve the maintenance teams from the start'], facet: ['solution', 'nature-based'] },
      outcome: { description: 'Fewer flooding complaints', indicator: 'Flooding complaints per year', unit: 'complaints', baseline: 340, achieved: 90 },
      lessonsLearned: ['Maintenance budgets must be planned with the works'],
      fundingSources: ['Climate adaptation fund', 'Municipal budget'],
      preconditions: ['Soil that lets water through'],
    },
    {
      key: 'waste',
      sectors: ['WASTE', 'GOVERNANCE_AND_FINANCE'],
      sdgTargets: ['11.6', '12.5'],
      title: 'Pay-as-you-throw waste collection in {city}',
      summary: 'Households in {city} pay for the waste they throw away and recycle far more than before.',
      body: '## Weighing bins\n\nCollection trucks weigh every bin and residents see their bills online.\n\n## Recycling centres\n\nNew recycling centres accept furniture, electronics and garden waste free of charge.',
      situationBefore: 'Flat waste fees, overflowing landfills and very little recycling',
      objectives: 'Double the recycling rate and reduce landfilled waste',
      process: 'A pilot district tested the weighing bins for a year before the city extended them',
      results: 'The recycling rate doubled and landfilled waste fell by a third',
      block: { title: 'Weighing bins', enablingFactors: ['A public waste company'], barriers: ['Illegal dumping at first'], lessons: ['Open recycling centres before raising fees'], facet: ['instrument', 'user-fee'] },
      outcome: { description: 'Higher recycling rate', indicator: 'Recycling rate', unit: '%', baseline: 18, achieved: 41 },
      lessonsLearned: ['Clear bills make households accept the new fees'],
      fundingSources: ['Waste fees'],
      preconditions: ['Individual bins for each household'],
    },
  ],
  fr: [
    {
      key: 'renovation',
      sectors: ['HOUSING', 'ENERGY'],
      sdgTargets: ['11.1', '7.3'],
      title: 'Rénovation énergétique des copropriétés à {city}',
      summary: 'Les copropriétés de {city} ont isolé les façades, remplacé les fenêtres et installé des compteurs de chaleur.',
      body: '## Rénover les immeubles\n\nLa ville accompagne les copropriétaires avec un guichet unique et des prêts à taux zéro.\n\n## Factures de chauffage\n\nLes habitants des immeubles rénovés paient des factures beaucoup plus faibles en hiver.',
      situationBefore: 'Des logements mal isolés et des factures de chauffage très élevées',
      objectives: 'Diviser par deux la consommation de chauffage des immeubles rénovés',
      process: 'Les copropriétés ont voté les travaux après un audit énergétique financé par la métropole',
      results: 'La consommation de chauffage a baissé de moitié dans les copropriétés rénovées',
      block: { title: 'Guichet unique de la rénovation', enablingFactors: ['Des syndics engagés', 'Des audits énergétiques gratuits'], barriers: ['Des copropriétaires endettés'], lessons: ['Commencer par des immeubles exemplaires'], facet: ['instrument', 'guichet-unique'] },
      outcome: { description: 'Baisse de la consommation de chauffage', indicator: 'Consommation de chauffage', unit: 'kWh/m2', baseline: 230, achieved: 120 },
      lessonsLearned: ['Un interlocuteur unique rassure les copropriétaires'],
      fundingSources: ['Prêts à taux zéro', 'Subventions régionales'],
      preconditions: ['Des copropriétés organisées'],
      partnership: 'rhone-leman-energie',
    },
    {
      key: 'tramway',
      sectors: ['TRANSPORT', 'AIR_QUALITY'],
      sdgTargets: ['11.2', '3.9'],
      title: 'Nouvelle ligne de tramway électrique à {city}',
      summary: 'Une ligne de tramway relie les quartiers périphériques de {city} au centre-ville en moins de vingt minutes.',
      body: '## Le tracé\n\nLes tramways circulent sur des voies réservées et les carrefours leur donnent la priorité.\n\n## Les voyageurs\n\nLa fréquentation a dépassé les prévisions dès la première année.',
      situationBefore: 'Des bus saturés et des embouteillages aux entrées de la ville',
      objectives: 'Offrir un transport rapide et fiable aux quartiers éloignés',
      process: 'Une concertation publique a permis de choisir le tracé et les stations',
      results: 'Les voyageurs ont gagné du temps et la pollution a diminué le long de la ligne',
      block: { title: 'Priorité aux carrefours', enablingFactors: ['Un syndicat des transports unique'], barriers: ['Des travaux longs pour les commerçants'], lessons: ['Indemniser les commerçants pendant les travaux'], facet: ['mesure', 'priorite-feux'] },
      outcome: { description: 'Fréquentation de la ligne', indicator: 'Voyageurs par jour', unit: 'voyageurs', baseline: 0, achieved: 65000 },
      lessonsLearned: ['Informer les riverains chaque semaine pendant les travaux'],
      fundingSources: ['Versement mobilité', 'Budget métropolitain'],
      preconditions: ['Une autorité organisatrice des mobilités'],
    },
    {
      key: 'chaleur',
      sectors: ['ENERGY', 'CLIMATE_ADAPTATION'],
      sdgTargets: ['7.2', '13.2'],
      title: 'Réseau de chaleur alimenté par la biomasse à {city}',
      summary: 'Le réseau de chaleur de {city} utilise des chaudières à biomasse et la chaleur récupérée des usines.',
      body: '## Les chaufferies\n\nDeux chaufferies à bois remplacent les anciennes chaudières au fioul.\n\n## Les raccordements\n\nLes écoles, les hôpitaux et des milliers de logements sont raccordés au réseau.',
      situationBefore: 'Des chaudières au fioul vieillissantes et des prix instables',
      objectives: 'Fournir une chaleur renouvelable à un prix stable',
      process: 'La collectivité a lancé une délégation de service public avec des objectifs de raccordement',
      results: 'Le réseau fournit une chaleur majoritairement renouvelable',
      block: { title: 'Chaufferies biomasse', enablingFactors: ['Des forêts gérées à proximité'], barriers: ['Le transport du bois'], lessons: ['Sécuriser l’approvisionnement local'], facet: ['technologie', 'biomasse'] },
      outcome: { description: 'Part renouvelable du réseau', indicator: 'Part de chaleur renouvelable', unit: '%', baseline: 15, achieved: 67 },
      lessonsLearned: ['Les raccordements des bâtiments publics entraînent ceux des logements'],
      fundingSources: ['Fonds chaleur', 'Délégataire'],
      preconditions: ['Une ressource en bois locale'],
      partnership: 'rhone-leman-energie',
    },
    {
      key: 'velo',
      sectors: ['TRANSPORT', 'PUBLIC_SPACE', 'HEALTH'],
      sdgTargets: ['11.2', '11.7'],
      title: 'Pistes cyclables sécurisées et vélos partagés à {city}',
      summary: '{city} a aménagé des pistes cyclables protégées et un service de vélos en libre-service.',
      body: '## Les pistes\n\nLes pistes cyclables séparées de la circulation relient les écoles et les gares.\n\n## Les vélos partagés\n\nDes stations de vélos électriques partagés sont installées près des arrêts de tramway.',
      situationBefore: 'Peu de cyclistes et des rues dangereuses pour les enfants',
      objectives: 'Tripler le nombre de trajets à vélo en cinq ans',
      process: 'Des aménagements provisoires ont été testés avant les travaux définitifs',
      results: 'Les trajets à vélo ont triplé et les accidents ont diminué',
      block: { title: 'Urbanisme tactique', enablingFactors: ['Des associations de cyclistes actives'], barriers: ['La suppression de places de stationnement'], lessons: ['Tester avant de construire'], facet: ['approche', 'urbanisme-tactique'] },
      outcome: { description: 'Trajets à vélo', indicator: 'Trajets à vélo par jour', unit: 'trajets', baseline: 8000, achieved: 25000 },
      lessonsLearned: ['Les compteurs publics de cyclistes convainquent les sceptiques'],
      fundingSources: ['Budget municipal', 'Plan vélo national'],
      preconditions: ['Des rues assez larges'],
    },
    {
      key: 'ilots',
      sectors: ['CLIMATE_ADAPTATION', 'PUBLIC_SPACE', 'WATER'],
      sdgTargets: ['11.7', '13.1'],
      title: 'Cours d’écoles végétalisées contre les îlots de chaleur à {city}',
      summary: 'Les cours d’écoles de {city} ont été désimperméabilisées et plantées d’arbres pour rafraîchir les quartiers.',
      body: '## Des cours oasis\n\nLe bitume est remplacé par des sols perméables, des arbres et des fontaines.\n\n## Ouvertes au quartier\n\nLe week-end, les cours accueillent les habitants pendant les canicules.',
      situationBefore: 'Des cours bitumées brûlantes en été et des inondations lors des orages',
      objectives: 'Rafraîchir les quartiers et infiltrer les eaux de pluie',
      process: 'Les élèves, les parents et les enseignants ont dessiné les cours avec des paysagistes',
      results: 'La température des cours a baissé de plusieurs degrés pendant les canicules',
      block: { title: 'Conception participative', enablingFactors: ['Des écoles volontaires'], barriers: ['L’entretien des plantations'], lessons: ['Associer les agents d’entretien'], facet: ['solution', 'fondee-sur-la-nature'] },
      outcome: { description: 'Baisse de la température des cours', indicator: 'Température maximale en été', unit: '°C', baseline: 42, achieved: 35 },
      lessonsLearned: ['Les enfants deviennent les ambassadeurs du projet'],
      fundingSources: ['Agence de l’eau', 'Budget municipal'],
      preconditions: ['Des écoles municipales'],
    },
    {
      key: 'dechets',
      sectors: ['WASTE'],
      sdgTargets: ['12.5', '11.6'],
      title: 'Collecte des déchets alimentaires et compostage à {city}',
      summary: 'Les habitants de {city} trient leurs déchets alimentaires, transformés en compost pour les agriculteurs.',
      body: '## Le tri\n\nChaque foyer reçoit un bioseau et des sacs compostables.\n\n## Le compost\n\nUne plateforme de compostage fournit un amendement aux exploitations agricoles voisines.',
      situationBefore: 'Les déchets alimentaires étaient incinérés avec les ordures ménagères',
      objectives: 'Valoriser les déchets alimentaires et réduire l’incinération',
      process: 'Des ambassadeurs du tri ont rencontré les habitants porte à porte',
      results: 'Les tonnages incinérés ont nettement baissé',
      block: { title: 'Ambassadeurs du tri', enablingFactors: ['Une plateforme de compostage proche'], barriers: ['Les odeurs en été'], lessons: ['Collecter plus souvent en été'], facet: ['instrument', 'collecte-separee'] },
      outcome: { description: 'Déchets alimentaires collectés', indicator: 'Déchets alimentaires collectés', unit: 'tonnes', baseline: 0, achieved: 12000 },
      lessonsLearned: ['Le porte-à-porte reste indispensable'],
      fundingSources: ['Taxe d’enlèvement des ordures ménagères'],
      preconditions: ['Une filière de compostage'],
    },
  ],
  ru: [
    {
      key: 'kapremont',
      sectors: ['HOUSING', 'ENERGY'],
      sdgTargets: ['11.1', '7.3'],
      title: 'Энергоэффективный капитальный ремонт жилых домов: {city}',
      summary: 'В городе {city} утеплили фасады панельных домов, заменили окна и установили счётчики тепла.',
      body: '## Ремонт домов\n\nЖильцы многоквартирных домов получили льготные кредиты на капитальный ремонт.\n\n## Счета за отопление\n\nПосле ремонта жители платят за отопление значительно меньше.',
      situationBefore: 'Холодные квартиры, протекающие крыши и высокие счета за отопление',
      objectives: 'Вдвое сократить потребление тепла в отремонтированных домах',
      process: 'Собрания собственников выбирали подрядчиков, город оплачивал энергетические обследования',
      results: 'Потребление тепла в отремонтированных домах снизилось почти вдвое',
      block: { title: 'Фонд капитального ремонта', enablingFactors: ['Активные товарищества собственников жилья'], barriers: ['Недоверие жильцов к подрядчикам'], lessons: ['Начинать с нескольких показательных домов'], facet: ['instrument', 'remont-fund'] },
      outcome: { description: 'Снижение потребления тепла', indicator: 'Потребление тепла', unit: 'кВт·ч/м2', baseline: 250, achieved: 140 },
      lessonsLearned: ['Жильцам нужен один ответственный за ремонт'],
      fundingSources: ['Региональный фонд капитального ремонта'],
      preconditions: ['Созданы товарищества собственников жилья'],
    },
    {
      key: 'vozdukh',
      sectors: ['AIR_QUALITY', 'ICT_AND_DIGITAL_SERVICES', 'HEALTH'],
      sdgTargets: ['11.6', '3.9'],
      title: 'Датчики качества воздуха и открытые данные: {city}',
      summary: 'В городе {city} установили сеть датчиков загрязнения воздуха и публикуют измерения в открытом доступе.',
      body: '## Сеть датчиков\n\nДатчики измеряют мелкодисперсные частицы на перекрёстках, во дворах и возле школ.\n\n## Открытые данные\n\nЖители видят загрязнение воздуха на карте и получают предупреждения о смоге.',
      situationBefore: 'Зимний смог и отсутствие достоверных измерений загрязнения',
      objectives: 'Измерять загрязнение воздуха в каждом районе и снижать выбросы',
      process: 'Волонтёры и университет откалибровали недорогие датчики',
      results: 'Данные датчиков помогли перевести котельные на газ и снизить смог',
      block: { title: 'Гражданский мониторинг', enablingFactors: ['Активные волонтёры', 'Поддержка университета'], barriers: ['Калибровка недорогих датчиков'], lessons: ['Публиковать сырые данные вместе с методикой'], facet: ['approach', 'citizen-science'] },
      outcome: { description: 'Снижение концентрации частиц', indicator: 'Среднегодовая концентрация PM2.5', unit: 'мкг/м3', baseline: 48, achieved: 31 },
      lessonsLearned: ['Открытые данные повышают доверие жителей'],
      fundingSources: ['Гранты фондов', 'Пожертвования жителей'],
      preconditions: ['Доступ к мобильной связи'],
      partnership: 'clean-air-network',
    },
    {
      key: 'tramvai',
      sectors: ['TRANSPORT', 'AIR_QUALITY'],
      sdgTargets: ['11.2'],
      title: 'Обновление трамвайной сети и выделенные полосы: {city}',
      summary: 'В городе {city} закупили низкопольные трамваи и выделили полосы для общественного транспорта.',
      body: '## Новые трамваи\n\nНизкопольные трамваи удобны для пассажиров с колясками и для пожилых людей.\n\n## Выделенные полосы\n\nАвтобусы и трамваи больше не стоят в пробках.',
      situationBefore: 'Изношенные вагоны и переполненные автобусы в пробках',
      objectives: 'Сделать поездки на общественном транспорте быстрыми и надёжными',
      process: 'Маршруты перестроили по данным о пассажиропотоке',
      results: 'Пассажиропоток вырос, время поездок сократилось',
      block: { title: 'Выделенные полосы', enablingFactors: ['Данные о пассажиропотоке'], barriers: ['Сопротивление автомобилистов'], lessons: ['Контролировать полосы камерами'], facet: ['measure', 'bus-lanes'] },
      outcome: { description: 'Рост пассажиропотока', indicator: 'Пассажиры в сутки', unit: 'пассажиры', baseline: 90000, achieved: 120000 },
      lessonsLearned: ['Камеры на полосах окупаются штрафами'],
      fundingSources: ['Городской бюджет', 'Кредит банка развития'],
      preconditions: ['Существующая трамвайная сеть'],
    },
    {
      key: 'parki',
      sectors: ['PUBLIC_SPACE', 'CLIMATE_ADAPTATION', 'HEALTH'],
      sdgTargets: ['11.7', '13.1'],
      title: 'Благоустройство парков и набережных: {city}',
      summary: 'Жители города {city} вместе с архитекторами обновили парки, скверы и набережную.',
      body: '## Парки\n\nВ парках появились деревья, освещение, спортивные площадки и велодорожки.\n\n## Набережная\n\nНабережная защищает район от паводков и стала любимым местом прогулок.',
      situationBefore: 'Заброшенные скверы и недоступный берег реки',
      objectives: 'Создать зелёные общественные пространства в каждом районе',
      process: 'Проекты обсуждали на встречах с жителями и в онлайн-голосованиях',
      results: 'Парки стали оживлёнными, а набережная снижает ущерб от паводков',
      block: { title: 'Соучаствующее проектирование', enablingFactors: ['Поддержка мэрии'], barriers: ['Содержание новых парков'], lessons: ['Планировать бюджет на содержание сразу'], facet: ['approach', 'participatory-design'] },
      outcome: { description: 'Посещаемость парков', indicator: 'Посетители в выходные', unit: 'человек', baseline: 3000, achieved: 15000 },
      lessonsLearned: ['Жители охотнее берегут то, что проектировали сами'],
      fundingSources: ['Городской бюджет', 'Федеральная программа'],
      preconditions: ['Свободные городские земли'],
    },
    {
      key: 'otkhody',
      sectors: ['WASTE'],
      sdgTargets: ['11.6', '12.5'],
      title: 'Раздельный сбор отходов и переработка: {city}',
      summary: 'В городе {city} установили контейнеры для раздельного сбора и построили сортировочный комплекс.',
      body: '## Контейнеры\n\nВо дворах стоят контейнеры для пластика, стекла и бумаги.\n\n## Переработка\n\nСортировочный комплекс отправляет вторичное сырьё на переработку.',
      situationBefore: 'Переполненные свалки и почти полное отсутствие переработки',
      objectives: 'Отправлять на переработку треть собранных отходов',
      process: 'Экологические просветители объясняли жителям правила сортировки',
      results: 'Доля переработанных отходов выросла в несколько раз',
      block: { title: 'Экологическое просвещение', enablingFactors: ['Школьные программы'], barriers: ['Неправильная сортировка'], lessons: ['Простые правила на каждом контейнере'], facet: ['instrument', 'separate-collection'] },
      outcome: { description: 'Доля переработки', indicator: 'Доля переработанных отходов', unit: '%', baseline: 5, achieved: 27 },
      lessonsLearned: ['Понятные наклейки на контейнерах важнее рекламы'],
      fundingSources: ['Региональный оператор', 'Частные инвестиции'],
      preconditions: ['Региональный оператор по обращению с отходами'],
    },
    {
      key: 'uslugi',
      sectors: ['ICT_AND_DIGITAL_SERVICES', 'GOVERNANCE_AND_FINANCE'],
      sdgTargets: ['16.6', '16.7'],
      title: 'Электронные муниципальные услуги и инициативное бюджетирование: {city}',
      summary: 'Жители города {city} получают муниципальные услуги онлайн и голосуют за проекты благоустройства.',
      body: '## Услуги онлайн\n\nЗаявления, справки и оплата доступны на портале и в мобильном приложении.\n\n## Инициативное бюджетирование\n\nЖители предлагают проекты и голосуют за них, а город финансирует победителей.',
      situationBefore: 'Очереди в приёмных и недоверие к городским расходам',
      objectives: 'Перевести услуги в электронный вид и вовлечь жителей в решения',
      process: 'Сервисы проектировали вместе с жителями и тестировали на пилотных районах',
      results: 'Большинство заявлений подаётся онлайн, тысячи жителей голосуют за проекты',
      block: { title: 'Инициативное бюджетирование', enablingFactors: ['Цифровая идентификация жителей'], barriers: ['Цифровое неравенство пожилых жителей'], lessons: ['Оставить офлайн-пункты поддержки'], facet: ['instrument', 'participatory-budgeting'] },
      outcome: { description: 'Доля онлайн-заявлений', indicator: 'Заявления, поданные онлайн', unit: '%', baseline: 10, achieved: 72 },
      lessonsLearned: ['Публичные отчёты о проектах повышают доверие'],
      fundingSources: ['Городской бюджет'],
      preconditions: ['Доступ к интернету у большинства жителей'],
    },
  ],
};

/** mulberry32: a small seeded generator, so the "random" choices are the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, integer: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

const SEED = 20261130;
const CURRENCY: Record<string, string> = { EE: 'EUR', DE: 'EUR', LV: 'EUR', GE: 'GEL', FR: 'EUR', BE: 'EUR', CH: 'CHF', RU: 'RUB', KZ: 'KZT', KG: 'KGS', BY: 'BYN' };

function caseStudyInput(topic: Topic, city: City, language: DemoLanguage, random: ReturnType<typeof seeded>, involved: string[]): Record<string, unknown> {
  const at = (text: string) => text.split('{city}').join(city.name);
  const fromYear = random.integer(2014, 2022);
  return {
    title: at(topic.title),
    summary: at(topic.summary),
    body: at(topic.body),
    city: city.name,
    country: city.country,
    coordinates: { latitude: city.latitude, longitude: city.longitude },
    sectors: topic.sectors,
    sdgTargets: topic.sdgTargets,
    period: { fromYear, toYear: fromYear + random.integer(1, 4) },
    organisationIds: involved,
    narrative: { situationBefore: topic.situationBefore, objectives: topic.objectives, process: topic.process, results: topic.results },
    buildingBlocks: [{ title: topic.block.title, enablingFactors: topic.block.enablingFactors, barriers: topic.block.barriers, lessons: topic.block.lessons, facets: [{ facet: topic.block.facet[0], value: topic.block.facet[1] }] }],
    outcomes: [{ description: topic.outcome.description, indicator: { name: topic.outcome.indicator, unit: topic.outcome.unit, baseline: topic.outcome.baseline, achieved: topic.outcome.achieved, year: fromYear + 4 } }],
    // Minor units (cents): between 0.2 and 20 million in the city's currency.
    cost: { amount: random.integer(20, 2000) * 1_000_000, currency: CURRENCY[city.country] },
    fundingSources: topic.fundingSources,
    lessonsLearned: topic.lessonsLearned,
    transferability: { citySize: city.citySize, incomeLevel: city.incomeLevel, preconditions: topic.preconditions },
    language,
  };
}

/** The whole dataset: a pure function of the seed. */
export function demoDataset(): DemoDataset {
  const random = seeded(SEED);
  const caseStudies: DemoCaseStudy[] = [];
  for (const language of DEMO_LANGUAGES) {
    const owners = ORGANISATIONS.filter((candidate) => candidate.language === language);
    // Every (topic, city) pair once, in a seeded order: titles do not repeat within a language.
    const pairs = TOPICS[language].flatMap((topic) => CITIES[language].map((city) => ({ topic, city })));
    for (let index = pairs.length - 1; index > 0; index--) {
      const other = random.integer(0, index);
      [pairs[index], pairs[other]] = [pairs[other], pairs[index]];
    }
    // PUBLISHED_PER_LANGUAGE published, then (in English and French) one left as a draft or in review.
    const extra: DemoStage[] = language === 'en' ? ['DRAFT'] : language === 'fr' ? ['SUBMITTED'] : [];
    const stages: DemoStage[] = [...Array<DemoStage>(PUBLISHED_PER_LANGUAGE).fill('PUBLISHED'), ...extra];
    stages.forEach((stage, index) => {
      const { topic, city } = pairs[index];
      const owner = owners[index % owners.length];
      const partnership = PARTNERSHIPS.find((candidate) => candidate.key === topic.partnership && (candidate.lead === owner.key || candidate.partners.some((partner) => partner.organisation === owner.key)));
      // Some case studies name another organisation involved: a partner of the same partnership.
      const involved = partnership ? [partnership.lead, ...partnership.partners.map((partner) => partner.organisation)].filter((key) => key !== owner.key).slice(0, 1) : [];
      const key = `${language}-${topic.key}-${city.name}`;
      caseStudies.push({
        key,
        id: demoId('case-study', key),
        organisation: owner.key,
        stage,
        partnership: partnership?.key ?? null,
        input: caseStudyInput(topic, city, language, random, involved.map((organisationKey) => demoId('organisation', organisationKey))),
      });
    });
  }
  return { accounts: ACCOUNTS, organisations: ORGANISATIONS, partnerships: PARTNERSHIPS, caseStudies };
}
