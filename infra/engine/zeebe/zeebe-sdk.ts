/**
 * The SDK boundary of the Zeebe adapter: our options as the SDK's configuration, and the gRPC calls
 * the adapter makes (tests pass a fake that records them).
 */
import type { Camunda8, Zeebe } from '@camunda8/sdk';

export interface ZeebeEngineOptions {
  /** host:port, or grpc://… / grpcs://… to choose TLS explicitly. */
  grpcAddress: string;
  restAddress: string;
  /** Empty: no authentication (a local cluster). */
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  /** Lease of jobs taken by workers when WorkerOptions.timeout is absent, in ms. */
  defaultJobTimeoutMs?: number;
}

/** The gRPC calls the adapter makes; tests pass a fake that records them. */
export type ZeebeGrpcClient = Pick<
  Zeebe.ZeebeGrpcClient,
  | 'deployResources'
  | 'createProcessInstance'
  | 'cancelProcessInstance'
  | 'publishMessage'
  | 'activateJobs'
  | 'completeJob'
  | 'failJob'
  | 'throwError'
  | 'updateJobRetries'
  | 'resolveIncident'
  | 'createWorker'
  | 'close'
>;

export type SdkConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;

/**
 * Our configuration (infra/config.ts) as the SDK's; explicit, so the SDK's own env reading adds nothing we did not set.
 * TLS is the address's scheme (grpcs://), as the SDK 8.8 wants it (CAMUNDA_SECURE_CONNECTION is deprecated).
 */
export function toSdkConfiguration(options: ZeebeEngineOptions): SdkConfiguration {
  const oauth = options.clientId !== '';
  const grpcAddress = /^grpcs?:\/\//.test(options.grpcAddress)
    ? options.grpcAddress
    : `${oauth ? 'grpcs' : 'grpc'}://${options.grpcAddress}`;
  return {
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ZEEBE_REST_ADDRESS: options.restAddress,
    CAMUNDA_AUTH_STRATEGY: oauth ? 'OAUTH' : 'NONE',
    ...(oauth
      ? {
          ZEEBE_CLIENT_ID: options.clientId,
          ZEEBE_CLIENT_SECRET: options.clientSecret,
          CAMUNDA_OAUTH_URL: options.oauthUrl,
        }
      : {}),
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    // the SDK's own logger would write an error line per worker per poll while the cluster is away;
    // cluster-connection.ts reports reachability once per change through ours
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  };
}
