import type { z } from 'zod';
import { JumeauError } from './errors.js';

/** One line naming each problem zod found: `width: expected a positive integer; crs: …`. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(value)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates a value that crosses a boundary (a file, a network answer, a worker message, a public argument)
 * against a zod schema. Returns the parsed value or throws a {@link JumeauError} of the given code naming
 * what is wrong and where.
 *
 * @example
 * ```ts
 * const options = validate(floodOptionsSchema, input, 'flood options')
 * ```
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string, code: 'input' | 'format' = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new JumeauError(code, `Invalid ${what}: ${formatZodIssues(result.error)}`, {
      details: { what },
    });
  }
  return result.data;
}
