import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * The app validates and serialises with zod; mercurius declares its routes in JSON Schema.
 * Inside the GraphQL plugin the same shapes are checked with zod instead (a refusal becomes
 * mercurius' validation error, so it answers 400 with a code), and answers are plain JSON.
 */
const zOperation = z.object({
  query: z.string().max(100_000).optional(),
  operationName: z.string().max(200).nullable().optional(),
  variables: z.record(z.string(), z.unknown()).nullable().optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
  persisted: z.boolean().optional(),
});

const shapes = {
  body: z.union([zOperation, z.array(zOperation).min(1)]),
  querystring: z.object({
    query: z.string().max(100_000).optional(),
    operationName: z.string().max(200).optional(),
    variables: z.string().max(100_000).optional(),
    extensions: z.string().max(100_000).optional(),
  }),
};

export function useGraphqlShapes(app: FastifyInstance): void {
  app.setValidatorCompiler(({ httpPart }) => {
    const schema = httpPart === 'body' || httpPart === 'querystring' ? shapes[httpPart] : undefined;
    return (data: unknown) => {
      if (!schema) return { value: data };
      const parsed = schema.safeParse(data);
      if (parsed.success) return { value: parsed.data };
      const issue = parsed.error.issues[0];
      return {
        error: new Error(
          `${httpPart}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message}`,
        ),
      };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
