import type { ApolloServerPlugin } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { operationLabel, type Metrics } from '../http/metrics';

const ERROR_CODE = /^[A-Z][A-Z_]{0,39}$/;

/**
 * Each GraphQL operation measured by name, type and outcome (throughline_graphql_operation_duration_seconds), its
 * errors counted by code, and the request's span (http/request-scope.ts) named after the operation when tracing is
 * on, so a trace reads HTTP -> GraphQL operation -> SQL.
 */
export function observabilityPlugin<T extends object>(metrics: Metrics): ApolloServerPlugin<T> {
  const seen = new Set<string>();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operation = 'anonymous';
      let type = 'unknown';
      return {
        async didResolveOperation(rc) {
          operation = operationLabel(seen, rc.operationName);
          type = rc.operation?.operation ?? 'unknown';
          const span = trace.getActiveSpan();
          span?.updateName(`graphql ${type} ${operation}`);
          span?.setAttributes({ 'graphql.operation.name': operation, 'graphql.operation.type': type });
        },
        async didEncounterErrors(rc) {
          for (const error of rc.errors) {
            const code =
              error.extensions?.code ?? (error.originalError as { extensions?: { code?: unknown } })?.extensions?.code;
            metrics.graphqlErrors.inc({
              code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'INTERNAL_SERVER_ERROR',
            });
          }
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          const failed = body.kind === 'single' ? (body.singleResult.errors?.length ?? 0) > 0 : false;
          metrics.graphqlDuration.observe(
            { operation, type, outcome: failed ? 'error' : 'ok' },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        },
      };
    },
  };
}
