import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './api-client';

/**
 * Shows an API refusal where it belongs: each problem the API names for a
 * field goes next to that field (the first one gets the focus); whatever no
 * field on the form can show is returned, to be said at the top of the form.
 * The values typed are never touched.
 */
export function showApiErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  /** The form's path for an API field name (`casualties.killed.low`), or null if the form has no such field. */
  fieldFor: (apiField: string) => Path<T> | null,
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  if (error.isNetworkError) return ['Cannot reach the Truce Monitor server. Nothing you typed is lost: try again when the connection is back.'];
  const general: string[] = [];
  let focused = false;
  for (const { field, problem } of error.details) {
    const path = fieldFor(field);
    if (path) {
      setError(path, { type: 'server', message: problem }, { shouldFocus: !focused });
      focused = true;
    } else {
      general.push(`${field}: ${problem}`);
    }
  }
  // The message says what happened as a whole (e.g. "A verified report cannot become corroborated").
  if (!focused || general.length > 0 || error.details.length === 0) general.unshift(error.message);
  return [...new Set(general)];
}

/** For forms whose fields are named exactly as the API names them. */
export const sameNames =
  <T extends FieldValues>(names: readonly Path<T>[]) =>
  (apiField: string): Path<T> | null =>
    names.includes(apiField as Path<T>) ? (apiField as Path<T>) : null;
