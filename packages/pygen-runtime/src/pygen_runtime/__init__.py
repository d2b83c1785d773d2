"""The runtime every pygen-generated Python SDK depends on: HTTP, auth, retries, filters, paging and
(de)serialisation for CDF data modeling.

Names are loaded on first use, so ``import pygen_runtime`` stays cheap; see the README for the public API.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

_EXPORTS: dict[str, str] = {
    # errors
    "PygenError": "_errors",
    "ConfigurationError": "_errors",
    "InvalidInputError": "_errors",
    "ResponseParseError": "_errors",
    "CDFConnectionError": "_errors",
    "CDFAPIError": "_errors",
    "AuthenticationError": "_errors",
    "MultiRequestError": "_errors",
    # configuration, credentials, HTTP
    "ClientConfig": "_config",
    "Credentials": "_credentials",
    "Token": "_credentials",
    "OAuthClientCredentials": "_credentials",
    "HTTPClient": "_http",
    # identifiers
    "ViewId": "_ids",
    "ContainerId": "_ids",
    "NodeId": "_ids",
    "EdgeId": "_ids",
    # instances
    "Instance": "_instances",
    "Node": "_instances",
    "Edge": "_instances",
    "UntypedNode": "_instances",
    "UntypedEdge": "_instances",
    "InstanceWrite": "_instances",
    "NodeWrite": "_instances",
    "EdgeWrite": "_instances",
    "DataRecord": "_instances",
    "property_field": "_instances",
    "relation_field": "_instances",
    "connection_field": "_instances",
    "LazyClass": "_lazy",
    "lazy_class": "_lazy",
    "DirectRelation": "_connections",
    "EdgeConnection": "_connections",
    "ReverseDirectRelation": "_connections",
    "edge_external_id": "_connections",
    "InstanceList": "_lists",
    "Page": "_lists",
    "UpsertResult": "_results",
    "DeleteResult": "_results",
    # aggregation
    "Aggregation": "_aggregation",
    "AggregateName": "_aggregation",
    "Count": "_aggregation",
    "Sum": "_aggregation",
    "Avg": "_aggregation",
    "Min": "_aggregation",
    "Max": "_aggregation",
    "Histogram": "_aggregation",
    "AggregatedValue": "_aggregation",
    "HistogramBucket": "_aggregation",
    "HistogramValue": "_aggregation",
    "AggregateGroup": "_aggregation",
    "AggregateResult": "_aggregation",
    # filters and sorting
    "Filter": "_filters",
    "And": "_filters",
    "Or": "_filters",
    "Not": "_filters",
    "Equals": "_filters",
    "In": "_filters",
    "Range": "_filters",
    "Prefix": "_filters",
    "Exists": "_filters",
    "ContainsAny": "_filters",
    "ContainsAll": "_filters",
    "MatchAll": "_filters",
    "Nested": "_filters",
    "Overlaps": "_filters",
    "HasData": "_filters",
    "InstanceReferences": "_filters",
    "PropertyValue": "_filters",
    "Parameter": "_filters",
    "and_filters": "_filter_builders",
    "TextProperty": "_filter_builders",
    "NumberProperty": "_filter_builders",
    "BooleanProperty": "_filter_builders",
    "DateProperty": "_filter_builders",
    "TimestampProperty": "_filter_builders",
    "EnumProperty": "_filter_builders",
    "DirectRelationProperty": "_filter_builders",
    "ListProperty": "_filter_builders",
    "InstanceSort": "_sort",
    "Direction": "_sort",
    # query and sync
    "Query": "_query",
    "SyncQuery": "_query",
    "NodeResultSet": "_query",
    "EdgeResultSet": "_query",
    "SetOperation": "_query",
    "Select": "_query",
    "SourceSelector": "_query",
    "QueryResult": "_instance_client",
    # clients
    "InstanceClient": "_instance_client",
    "InstanceAPI": "_instance_api",
    "ParentInstanceAPI": "_child_classes",
    "EdgeConnectionAPI": "_edge_connection_api",
    "EdgeSortField": "_edge_connection_api",
    "InstanceFilters": "_instance_api",
    "RetrieveConnections": "_instance_api",
    "DEFAULT_LIMIT": "_instance_api",
}

__all__ = [
    "DEFAULT_LIMIT",
    "AggregateGroup",
    "AggregateName",
    "AggregateResult",
    "AggregatedValue",
    "Aggregation",
    "And",
    "AuthenticationError",
    "Avg",
    "BooleanProperty",
    "CDFAPIError",
    "CDFConnectionError",
    "ClientConfig",
    "ConfigurationError",
    "ContainerId",
    "ContainsAll",
    "ContainsAny",
    "Count",
    "Credentials",
    "DataRecord",
    "DateProperty",
    "DeleteResult",
    "DirectRelation",
    "DirectRelationProperty",
    "Direction",
    "Edge",
    "EdgeConnection",
    "EdgeConnectionAPI",
    "EdgeId",
    "EdgeResultSet",
    "EdgeSortField",
    "EdgeWrite",
    "EnumProperty",
    "Equals",
    "Exists",
    "Filter",
    "HTTPClient",
    "HasData",
    "Histogram",
    "HistogramBucket",
    "HistogramValue",
    "In",
    "Instance",
    "InstanceAPI",
    "InstanceClient",
    "InstanceFilters",
    "InstanceList",
    "InstanceReferences",
    "InstanceSort",
    "InstanceWrite",
    "InvalidInputError",
    "LazyClass",
    "ListProperty",
    "MatchAll",
    "Max",
    "Min",
    "MultiRequestError",
    "Nested",
    "Node",
    "NodeId",
    "NodeResultSet",
    "NodeWrite",
    "Not",
    "NumberProperty",
    "OAuthClientCredentials",
    "Or",
    "Overlaps",
    "Page",
    "Parameter",
    "ParentInstanceAPI",
    "Prefix",
    "PropertyValue",
    "PygenError",
    "Query",
    "QueryResult",
    "Range",
    "ResponseParseError",
    "RetrieveConnections",
    "ReverseDirectRelation",
    "Select",
    "SetOperation",
    "SourceSelector",
    "Sum",
    "SyncQuery",
    "TextProperty",
    "TimestampProperty",
    "Token",
    "UntypedEdge",
    "UntypedNode",
    "UpsertResult",
    "ViewId",
    "__version__",
    "and_filters",
    "connection_field",
    "edge_external_id",
    "lazy_class",
    "property_field",
    "relation_field",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen_runtime' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from ._aggregation import (
        AggregatedValue,
        AggregateGroup,
        AggregateName,
        AggregateResult,
        Aggregation,
        Avg,
        Count,
        Histogram,
        HistogramBucket,
        HistogramValue,
        Max,
        Min,
        Sum,
    )
    from ._child_classes import ParentInstanceAPI
    from ._config import ClientConfig
    from ._connections import DirectRelation, EdgeConnection, ReverseDirectRelation, edge_external_id
    from ._credentials import Credentials, OAuthClientCredentials, Token
    from ._edge_connection_api import EdgeConnectionAPI, EdgeSortField
    from ._errors import (
        AuthenticationError,
        CDFAPIError,
        CDFConnectionError,
        ConfigurationError,
        InvalidInputError,
        MultiRequestError,
        PygenError,
        ResponseParseError,
    )
    from ._filter_builders import (
        BooleanProperty,
        DateProperty,
        DirectRelationProperty,
        EnumProperty,
        ListProperty,
        NumberProperty,
        TextProperty,
        TimestampProperty,
        and_filters,
    )
    from ._filters import (
        And,
        ContainsAll,
        ContainsAny,
        Equals,
        Exists,
        Filter,
        HasData,
        In,
        InstanceReferences,
        MatchAll,
        Nested,
        Not,
        Or,
        Overlaps,
        Parameter,
        Prefix,
        PropertyValue,
        Range,
    )
    from ._http import HTTPClient
    from ._ids import ContainerId, EdgeId, NodeId, ViewId
    from ._instance_api import DEFAULT_LIMIT, InstanceAPI, InstanceFilters, RetrieveConnections
    from ._instance_client import InstanceClient, QueryResult
    from ._instances import (
        DataRecord,
        Edge,
        EdgeWrite,
        Instance,
        InstanceWrite,
        Node,
        NodeWrite,
        UntypedEdge,
        UntypedNode,
        connection_field,
        property_field,
        relation_field,
    )
    from ._lazy import LazyClass, lazy_class
    from ._lists import InstanceList, Page
    from ._query import EdgeResultSet, NodeResultSet, Query, Select, SetOperation, SourceSelector, SyncQuery
    from ._results import DeleteResult, UpsertResult
    from ._sort import Direction, InstanceSort
