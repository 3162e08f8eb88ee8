import type { AgreementScope, Bloc, DesignationPosition, GuarantorCode, SignatoryStatus } from '@truce-monitor/domain';

/**
 * The nationwide Syrian truce announced on 29 December 2016, as the
 * announcement and the claims of the time describe it (see shared/seed and
 * DESIGN.md). Claims are seeded as claims: each says who made it.
 */
export const TRUCE_EFFECTIVE_FROM = '2016-12-29T22:00:00Z'; // midnight 29→30 Dec, Damascus time (UTC+2)

export interface SeedParty {
  name: string;
  bloc: Bloc;
  guarantor: GuarantorCode | null;
  aliases?: string[];
  status: { status: SignatoryStatus; from: string; claimedBy: string | null; note: string | null }[];
}

export interface SeedExclusion {
  party: string;
  kind: 'core' | 'linked';
  designatedBy: GuarantorCode | null;
  basis: string;
  positions: { guarantor: GuarantorCode; position: DesignationPosition; note: string }[];
}

export const TRUCE_2016 = {
  name: 'Nationwide cease-fire in Syria (29 December 2016)',
  effectiveFrom: TRUCE_EFFECTIVE_FROM,
  effectiveUntil: null,
  scope: { kind: 'nationwide' } satisfies AgreementScope,
  acknowledgementDeadlineMinutes: 120,
  coveredForces: [
    {
      description: 'Opposition fighters across Syria included in the truce',
      fighters: 62_000,
      claimedBy: 'Sergei Shoigu, Russian defence minister',
    },
  ],
  sourceText:
    'Syrian truce backed by Russia and Turkey has been announced (29 December 2016): a nationwide cease-fire from midnight, ' +
    'guaranteed by Russia (the government) and Turkey (the opposition), with Iran helping to monitor the government and allied ' +
    'Shiite militias; the Islamic State, the Syrian affiliate of al-Qaeda and "groups linked to them" are excluded.',
  guarantors: [
    { code: 'RU', name: 'Russia', answersFor: 'Adherence by the Syrian government and its forces.' },
    { code: 'TR', name: 'Turkey', answersFor: 'Compliance by the opposition (rebel) groups that joined the truce.' },
    {
      code: 'IR',
      name: 'Iran',
      answersFor: 'Helps monitor compliance by the government and allied Shiite militias, Hezbollah among them.',
    },
  ] as { code: GuarantorCode; name: string; answersFor: string }[],
  parties: [
    {
      name: 'Syrian Arab Army and government forces',
      bloc: 'government',
      guarantor: 'RU',
      aliases: ['Military Forces of Syria (2000-)', 'Government of Syria (2000-)', 'Police Forces of Syria (2000-)'],
      status: [
        {
          status: 'signed',
          from: TRUCE_EFFECTIVE_FROM,
          claimedBy: 'Syrian Army General Command',
          note: 'Announced its agreement to a nationwide cease-fire from midnight.',
        },
      ],
    },
    {
      name: 'National Defence Forces',
      bloc: 'pro_government',
      guarantor: 'RU',
      aliases: ['NDF: National Defence Forces'],
      status: [{ status: 'signed', from: TRUCE_EFFECTIVE_FROM, claimedBy: 'Syrian Army General Command', note: 'Pro-government militia under the army.' }],
    },
    {
      name: 'Hezbollah',
      bloc: 'pro_government',
      guarantor: 'IR',
      aliases: ['Hezbollah', 'Hizbollah'],
      status: [
        {
          status: 'unknown',
          from: TRUCE_EFFECTIVE_FROM,
          claimedBy: 'Mevlut Cavusoglu, Turkish foreign minister',
          note: 'Iran is to help monitor its compliance; Turkey said it should withdraw from Syria.',
        },
      ],
    },
    {
      name: 'Allied Shiite militias',
      bloc: 'pro_government',
      guarantor: 'IR',
      aliases: ['Liwa Fatemiyoun', 'Liwa Zainebiyoun', 'Harakat al-Nujaba'],
      status: [{ status: 'unknown', from: TRUCE_EFFECTIVE_FROM, claimedBy: 'Mevlut Cavusoglu, Turkish foreign minister', note: 'Iran is to help monitor their compliance.' }],
    },
    ...[
      'Faylaq al-Sham',
      'Ahrar al-Sham',
      'Jaysh al-Islam',
      'Jaysh al-Mujahideen',
      'Thuwar al-Sham',
      'Jaysh Idlib',
      'al-Jabha al-Shamiya',
    ].map(
      (name): SeedParty => ({
        name,
        bloc: 'opposition',
        guarantor: 'TR',
        status: [
          {
            status: 'unknown',
            from: TRUCE_EFFECTIVE_FROM,
            claimedBy: 'Russian Ministry of Defence',
            note: 'Named by the Russian defence ministry as one of seven signatory groups; some of the seven soon voiced reservations.',
          },
        ],
      }),
    ),
    {
      name: 'Other Free Syrian Army factions',
      bloc: 'opposition',
      guarantor: 'TR',
      aliases: ['Opposition Rebels (Syria)', 'Free Syrian Army'],
      status: [
        {
          status: 'unknown',
          from: TRUCE_EFFECTIVE_FROM,
          claimedBy: null,
          note: 'It was not clear which of the scores of rebel groups had agreed.',
        },
      ],
    },
    { name: 'Islamic State', bloc: 'jihadist', guarantor: null, aliases: ['Islamic State (Syria)', 'IS', 'ISIL', 'Daesh'], status: [] },
    {
      name: 'Jabhat Fateh al-Sham',
      bloc: 'jihadist',
      guarantor: null,
      aliases: ['Jabhat Fateh al Sham', 'Jabhat al-Nusra', 'Nusra Front'],
      status: [],
    },
    { name: 'Jund al-Aqsa', bloc: 'jihadist', guarantor: null, aliases: ['Jund al Aqsa'], status: [] },
    { name: 'Khalid ibn al-Walid Army', bloc: 'jihadist', guarantor: null, aliases: ['Jaysh Khalid ibn al-Walid'], status: [] },
    {
      name: 'Syrian Democratic Forces',
      bloc: 'other',
      guarantor: null,
      aliases: ['QSD: Syrian Democratic Forces', 'SDF'],
      status: [{ status: 'not_signed', from: TRUCE_EFFECTIVE_FROM, claimedBy: null, note: 'Outside the agreement.' }],
    },
    {
      name: 'YPG',
      bloc: 'other',
      guarantor: null,
      aliases: ["YPG: People's Protection Units"],
      status: [{ status: 'not_signed', from: TRUCE_EFFECTIVE_FROM, claimedBy: null, note: 'Outside the agreement.' }],
    },
  ] satisfies SeedParty[],
  exclusions: [
    {
      party: 'Islamic State',
      kind: 'core',
      designatedBy: null,
      basis: 'Named in the agreement: the fighters of the Islamic State are not included in the cease-fire.',
      positions: [],
    },
    {
      party: 'Jabhat Fateh al-Sham',
      kind: 'core',
      designatedBy: null,
      basis: "Named in the agreement: the Syrian affiliate of al-Qaeda (formerly the Nusra Front) is not included.",
      positions: [],
    },
    {
      party: 'Jund al-Aqsa',
      kind: 'linked',
      designatedBy: 'RU',
      basis: 'Linked to Jabhat Fateh al-Sham.',
      positions: [
        { guarantor: 'TR', position: 'accepts', note: 'Accepted as linked.' },
        { guarantor: 'IR', position: 'accepts', note: 'Accepted as linked.' },
      ],
    },
    {
      party: 'Khalid ibn al-Walid Army',
      kind: 'linked',
      designatedBy: 'RU',
      basis: 'Tied to the Islamic State, in the Yarmouk basin.',
      positions: [
        { guarantor: 'TR', position: 'accepts', note: 'Accepted as linked.' },
        { guarantor: 'IR', position: 'accepts', note: 'Accepted as linked.' },
      ],
    },
    {
      party: 'Ahrar al-Sham',
      kind: 'linked',
      designatedBy: 'RU',
      basis: 'In 2016 Russia asked the UN Security Council to list Ahrar al-Sham as a terrorist group.',
      positions: [
        { guarantor: 'TR', position: 'disputes', note: 'A listed signatory; the Security Council listing was blocked by Western members.' },
        { guarantor: 'IR', position: 'accepts', note: 'Supports the Russian designation.' },
      ],
    },
    {
      party: 'Jaysh al-Islam',
      kind: 'linked',
      designatedBy: 'RU',
      basis: 'In 2016 Russia asked the UN Security Council to list Jaysh al-Islam as a terrorist group.',
      positions: [
        { guarantor: 'TR', position: 'disputes', note: 'A listed signatory; the Security Council listing was blocked by Western members.' },
      ],
    },
  ] satisfies SeedExclusion[],
  hotline: { name: 'RU–TR military hotline', guarantors: ['RU', 'TR'] as GuarantorCode[] },
};

export const DEMO_ACCOUNTS: { username: string; role: 'monitor' | 'reviewer' | 'officer' | 'analyst' | 'admin'; guarantor: GuarantorCode | null }[] = [
  { username: 'monitor', role: 'monitor', guarantor: null },
  { username: 'reviewer', role: 'reviewer', guarantor: null },
  { username: 'officer-ru', role: 'officer', guarantor: 'RU' },
  { username: 'officer-tr', role: 'officer', guarantor: 'TR' },
  { username: 'officer-ir', role: 'officer', guarantor: 'IR' },
  { username: 'analyst', role: 'analyst', guarantor: null },
  { username: 'admin', role: 'admin', guarantor: null },
];
