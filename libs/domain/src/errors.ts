/** The JSON body of every error the API answers. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldProblem[];
}

/** One offending field: a dotted path into the input (`casualties.killed.low`) and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problem: string;
}

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

/** Turns zod issues into field problems; an unknown key is named as its own field. */
export function toFieldProblems(issues: readonly IssueLike[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, problem: 'unknown field' });
    } else {
      out.push({ field: base || '(body)', problem: issue.message });
    }
  }
  return out;
}
