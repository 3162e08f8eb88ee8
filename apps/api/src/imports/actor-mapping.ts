import { z } from 'zod';
import type { AgreementRules } from '@truce-monitor/domain';
import { normaliseName } from './source-formats.js';

/**
 * From the datasets' actor names to the agreement's parties. A mapping file
 * (JSON, this schema) names, per party, the actor names that mean it, plus
 * patterns for families of names; the parties' own names and aliases in the
 * registry match too. Civilians are recognised by name or by ACLED's `inter`
 * code 7. An actor matching nothing is not dropped: it becomes the
 * `outsideParty`, a party outside the agreement that no guarantor answers for
 * (its acts are logged as `non_party`). Names matching `unknown` (unidentified
 * armed groups) leave the perpetrator unknown (`undetermined`).
 */
export const actorMappingSchema = z.strictObject({
  description: z.string().optional(),
  outsideParty: z.strictObject({ name: z.string().min(1).max(200), note: z.string().max(2000).optional() }),
  /** Party name (as in the registry) → actor names that mean it, matched case-insensitively, ignoring punctuation. */
  parties: z.record(z.string(), z.array(z.string())),
  /** Regular expressions (case-insensitive) for families of names, tried in order after the exact names. */
  patterns: z.array(z.strictObject({ match: z.string(), party: z.string() })).default([]),
  civilians: z.strictObject({ names: z.array(z.string()).default([]), interCodes: z.array(z.string()).default([]) }),
  /** Regular expressions for actors that are not identified at all: the perpetrator is left unknown. */
  unknown: z.array(z.string()).default([]),
});
export type ActorMapping = z.infer<typeof actorMappingSchema>;

export type ActorResolution = { partyId: string } | { civilians: true } | { unknown: true } | { outside: true };

export class ActorResolver {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { re: RegExp; partyId: string }[];
  private readonly unknown: RegExp[];
  private readonly civilianNames: Set<string>;
  /** Actor names that matched nothing, with how many rows named them. */
  readonly outsideActors = new Map<string, number>();

  constructor(
    private readonly mapping: ActorMapping,
    rules: AgreementRules,
    aliases: Map<string, string[]>,
  ) {
    const partyId = (name: string) => {
      const party = rules.parties.find((p) => normaliseName(p.name) === normaliseName(name));
      if (!party) throw new MappingError(`the mapping names the party "${name}", which the agreement does not have`);
      return party.id;
    };
    for (const party of rules.parties) {
      this.exact.set(normaliseName(party.name), party.id);
      for (const alias of aliases.get(party.id) ?? []) this.exact.set(normaliseName(alias), party.id);
    }
    for (const [name, actors] of Object.entries(mapping.parties)) {
      const id = partyId(name);
      for (const actor of actors) this.exact.set(normaliseName(actor), id);
    }
    const regex = (source: string) => {
      try {
        return new RegExp(source, 'i');
      } catch {
        throw new MappingError(`bad pattern ${JSON.stringify(source)}`);
      }
    };
    this.patterns = mapping.patterns.map((p) => ({ re: regex(p.match), partyId: partyId(p.party) }));
    this.unknown = mapping.unknown.map(regex);
    this.civilianNames = new Set(mapping.civilians.names.map(normaliseName));
  }

  get outsidePartyName(): string {
    return this.mapping.outsideParty.name;
  }

  resolve(actor: string, inter: string, role: 'perpetrator' | 'target'): ActorResolution {
    if (!actor) return role === 'target' ? { outside: true } : { unknown: true };
    const key = normaliseName(actor);
    if (this.civilianNames.has(key) || (inter && this.mapping.civilians.interCodes.some((c) => c.toLowerCase() === inter.toLowerCase())))
      return { civilians: true };
    const exact = this.exact.get(key);
    if (exact) return { partyId: exact };
    const pattern = this.patterns.find((p) => p.re.test(actor));
    if (pattern) return { partyId: pattern.partyId };
    if (this.unknown.some((re) => re.test(actor))) return role === 'target' ? { outside: true } : { unknown: true };
    this.outsideActors.set(actor, (this.outsideActors.get(actor) ?? 0) + 1);
    return { outside: true };
  }
}

export class MappingError extends Error {}

/**
 * The default mapping for the 2016 Syrian truce: ACLED's and UCDP GED's names
 * for its parties. `npm run import -- --print-mapping` prints it as JSON, to
 * copy and edit for `--mapping FILE`.
 */
export const SYRIA_ACTOR_MAPPING: ActorMapping = {
  description: 'ACLED and UCDP GED actor names → the parties of the nationwide Syrian truce of 29 December 2016.',
  outsideParty: {
    name: 'Other or unidentified actors (outside the agreement)',
    note: 'Created by the importer for actors that the agreement does not name; no guarantor answers for them.',
  },
  parties: {
    'Syrian Arab Army and government forces': [
      'Military Forces of Syria (2000-)',
      'Military Forces of Syria (2000-) Air Force',
      'Military Forces of Syria (2000-) Republican Guard',
      'Military Forces of Syria (2000-) 4th Armored Division',
      'Police Forces of Syria (2000-)',
      'Government of Syria (2000-)',
      'Government of Syria',
      'Syrian Government',
    ],
    'National Defence Forces': ['NDF: National Defence Forces', 'National Defense Forces', 'Tiger Forces'],
    Hezbollah: ['Hezbollah', 'Hizbollah', 'Hizballah', 'Hezbollah (Lebanon)'],
    'Allied Shiite militias': ['Liwa Fatemiyoun', 'Liwa Zainebiyoun', 'Harakat al-Nujaba', 'Kataib Hezbollah', "Asa'ib Ahl al-Haq", 'Liwa Abu al-Fadl al-Abbas'],
    'Faylaq al-Sham': ['Faylaq al Sham', 'Sham Legion'],
    'Ahrar al-Sham': ['Ahrar al Sham', 'Harakat Ahrar al-Sham al-Islamiyya'],
    'Jaysh al-Islam': ['Jaish al Islam', 'Jaysh al Islam', 'Army of Islam'],
    'Jaysh al-Mujahideen': ['Jaish al Mujahideen', 'Jaysh al Mujahidin'],
    'Thuwar al-Sham': ['Thuwar al Sham'],
    'Jaysh Idlib': ['Jaish Idlib al Hur', 'Jaysh Idlib al-Hurr', 'Free Idlib Army'],
    'al-Jabha al-Shamiya': ['Al Jabhat al Shamiya', 'Levant Front', 'al-Jabhat al-Shamiyah'],
    'Other Free Syrian Army factions': ['Opposition Rebels (Syria)', 'Free Syrian Army', 'Syrian insurgents', 'FSA: Free Syrian Army'],
    'Islamic State': ['Islamic State (Syria)', 'IS', 'ISIS', 'ISIL', 'Islamic State (Iraq)'],
    'Jabhat Fateh al-Sham': ['Jabhat Fateh al Sham', 'Jabhat al-Nusra', 'Jabhat Al Nusra', 'Nusra Front', 'Jabhat Fatah al-Sham', 'al-Nusra Front'],
    'Jund al-Aqsa': ['Jund al Aqsa'],
    'Khalid ibn al-Walid Army': ['Jaish Khalid Ibn al Walid', 'Jaysh Khalid ibn al-Walid', 'Khalid Ibn al-Walid Army'],
    'Syrian Democratic Forces': ['QSD: Syrian Democratic Forces', 'SDF', 'Syrian Democratic Forces'],
    YPG: ["YPG: People's Protection Units", "YPG: Kurdish People's Protection Units", 'PYD', 'YPG/YPJ'],
  },
  patterns: [
    { match: '^Military Forces of Syria', party: 'Syrian Arab Army and government forces' },
    { match: '^Police Forces of Syria', party: 'Syrian Arab Army and government forces' },
    { match: '^NDF\\b', party: 'National Defence Forces' },
    { match: 'Hez?b[ou]ll?ah|Hizb[ou]ll?ah', party: 'Hezbollah' },
    { match: '^Islamic State', party: 'Islamic State' },
    { match: 'Jabhat (Fateh|Fatah) al[- ]Sham|Jabhat al[- ]Nusra|Nusra Front', party: 'Jabhat Fateh al-Sham' },
    { match: '^QSD\\b|Syrian Democratic Forces', party: 'Syrian Democratic Forces' },
    { match: '^YPG\\b', party: 'YPG' },
  ],
  civilians: { names: ['Civilians (Syria)', 'Civilians', 'Civilians (International)'], interCodes: ['7', 'Civilians'] },
  unknown: ['^Unidentified', '^Unknown'],
};
