import { damascusLocalToIso, isoToDamascusLocal } from '../../lib/time';

/** Now, as a `datetime-local` value in Damascus time. */
export const nowLocal = (): string => isoToDamascusLocal(new Date().toISOString());

/** A `datetime-local` value typed in Damascus time as the instant the API takes; what is not a date-time goes as typed, for the schema to refuse. */
export const localToInstant = (local: string): string => damascusLocalToIso(local) ?? local;
