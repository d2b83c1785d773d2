/**
 * pygen-runtime: what every pygen-generated TypeScript SDK imports. HTTP, auth, retries, filters, paging and
 * (de)serialisation for CDF data modeling, mirroring the Python `pygen-runtime`.
 *
 * @module
 */

export { VERSION } from "./version.ts";
export {
  type APIErrorDetails,
  AuthenticationError,
  type FailedRequest,
  MultiRequestError,
  PygenAPIError,
  PygenConnectionError,
  PygenError,
  PygenValueError,
} from "./errors.ts";
export { ClientConfig, type ClientConfigOptions } from "./config.ts";
export {
  type Credentials,
  OAuthClientCredentials,
  type OAuthClientCredentialsOptions,
  TokenCredentials,
  type TokenProvider,
} from "./auth.ts";
export { consoleLogger, type Logger, silentLogger } from "./logging.ts";
export {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isAutoRetryable,
  isRetryableStatus,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  retryDelayMs,
  type RetryPolicy,
} from "./retry.ts";
export {
  CDF_API_VERSION,
  HTTPClient,
  type HTTPResponse,
  type RequestOptions,
  type TransportHooks,
} from "./http.ts";
export {
  type ContainerId,
  containerReference,
  type EdgeId,
  edgeId,
  type InstanceId,
  type InstanceType,
  type NodeId,
  nodeId,
  type OptionalSpaceId,
  type ViewId,
  viewIdString,
  viewReference,
} from "./ids.ts";
export {
  dateString,
  formatDate,
  formatTimestamp,
  parseTimestamp,
} from "./values.ts";
export type {
  FieldOf,
  NumericFieldOf,
  PropertyMap,
  PropertySpec,
  PropertyType,
  SortableFieldOf,
  TextFieldOf,
  UsedFor,
} from "./schema.ts";
export {
  type ConnectedNode,
  type DataRecord,
  type EdgeInstance,
  type EdgeWrite,
  type Instance,
  InstanceList,
  type InstanceResult,
  type InstanceWrite,
  type NodeInstance,
  type NodeWrite,
  type Page,
  type UpsertResult,
} from "./instances.ts";
export {
  And,
  and,
  containerProperty,
  ContainsAll,
  ContainsAny,
  type EdgeField,
  edgeProperty,
  Equals,
  Exists,
  Filter,
  type FilterJSON,
  type FilterLike,
  HasData,
  type HasDataSource,
  In,
  InstanceReferences,
  MatchAll,
  Nested,
  type NodeField,
  nodeProperty,
  Not,
  not,
  Or,
  or,
  Overlaps,
  parameter,
  type ParameterValue,
  Prefix,
  type PropertyReference,
  type PropertyValue,
  propertyValue,
  Range,
  type RangeBounds,
  RawFilter,
  toFilter,
  viewProperty,
} from "./filters.ts";
export {
  BooleanFilter,
  DateFilter,
  DirectRelationFilter,
  edgeFilters,
  type EdgeMetadataFilters,
  EnumFilter,
  EpochTimeFilter,
  filterBuilder,
  type FilterBuilderOf,
  JsonFilter,
  ListFilter,
  nodeFilters,
  type NodeMetadataFilters,
  NumberFilter,
  PropertyFilter,
  TextFilter,
  TimestampFilter,
  type ViewFilters,
} from "./filter_builders.ts";
export {
  type ArgKind,
  type ArgSpec,
  argumentFilters,
  type EdgeFilterArgs,
  type FilterArgs,
  RESERVED_ARGUMENT_NAMES,
} from "./args.ts";
export {
  type AnyViewDescriptor,
  INSTANCE_KEYS,
  parseEdge,
  type ViewDefinition,
  ViewDescriptor,
  ViewWrite,
} from "./view.ts";
export {
  type ConnectionEdge,
  type ConnectionMap,
  type ConnectionSpec,
  type EdgeConnection,
  edgeExternalId,
  type NestedEdgeWrite,
  type RelationMap,
  type RetrieveConnections,
  type ReverseRelation,
} from "./connections.ts";
export { QUERY_LIMIT } from "./connection_loader.ts";
export {
  INSTANCE_CHUNK_SIZE,
  InstanceClient,
  type InstanceClientOptions,
  type InstanceIdLike,
  type QueryRequest,
  type QueryResponse,
  type RetrieveOptions,
  type SyncRequest,
  type SyncResponse,
  type UpsertItem,
  type UpsertOptions,
} from "./instance_client.ts";
export {
  MAX_METRICS,
  type MetricsGroup,
  type MetricSpec,
  type MetricsSpec,
  type MetricValue,
  type MetricValues,
} from "./aggregates.ts";
export {
  type AggregateGroup,
  type AggregateOptions,
  type Aggregation,
  DEFAULT_LIMIT,
  type HistogramBucket,
  InstanceAPI,
  type InstanceAPIOptions,
  type IterateOptions,
  type ListOptions,
  MAX_PAGE_SIZE,
  type MetadataSortField,
  type RetrieveByIdOptions,
  type SearchOptions,
  type SortDirection,
  type SortOptions,
} from "./instance_api.ts";
export {
  type ChildTypes,
  type ChildViews,
  ParentInstanceAPI,
  type RetrieveAsChildOptions,
} from "./child_classes.ts";
export {
  EdgeConnectionAPI,
  type EdgeConnectionArgs,
  type EdgeIterateOptions,
  type EdgeListOptions,
  type EdgeSortField,
} from "./edge_connection_api.ts";
export type * from "./wire.ts";
