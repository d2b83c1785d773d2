/**
 * {@link ParentInstanceAPI}: the API of a view that other views of the SDK implement (its children), whose
 * `retrieve` takes `asChildClass` to read the instances of those children as the children's own read types.
 * Mirrors the Python runtime's `ParentInstanceAPI` (`retrieve(ids, as_child_class=[...])`).
 *
 * Generated SDKs flatten `implements`: every view has its own read type with its inherited properties.
 * `client.cogniteDescribable.retrieve(ids, { asChildClass: ["CogniteAsset", "CogniteFile"] })` gives
 * `CogniteAsset` objects for the ids with data in that view, `CogniteFile` objects for those with data in that one,
 * and `CogniteDescribable` objects for the rest. Every object of such a result is tagged with the view it was read
 * as, so `COGNITE_ASSET_VIEW.is(item)` narrows it.
 *
 * Rules (as in Python):
 * - Which child wins: the most derived of the listed children (a child before every child it implements);
 *   children that do not implement each other keep the SDK's order (by view id), which the generated list holds.
 * - The set of instances is exactly what the parent's `retrieve` gives: a child object is returned only when the
 *   instance has data in the child view *and* in the parent view.
 * - Requests: per listed child, `byids` with the child and the parent view as sources (1000 ids per request), or
 *   with `retrieveConnections` one `/query` run with the child's connections, each for the ids no earlier child
 *   matched; then the parent's `retrieve` for the rest. Nothing is sent for a child once every id is matched.
 *
 * @module
 */

import { chunk } from "./concurrency.ts";
import { QUERY_LIMIT, queryWithConnections } from "./connection_loader.ts";
import type { RetrieveConnections } from "./connections.ts";
import { PygenValueError } from "./errors.ts";
import type { ArgSpec, FilterArgs } from "./args.ts";
import { and, InstanceReferences } from "./filters.ts";
import type { InstanceId, NodeId } from "./ids.ts";
import { describeValue, viewPropertyKey } from "./ids.ts";
import type { RetrieveByIdOptions } from "./instance_api.ts";
import { InstanceAPI } from "./instance_api.ts";
import { INSTANCE_CHUNK_SIZE, type InstanceClient } from "./instance_client.ts";
import type { Instance } from "./instances.ts";
import { InstanceList } from "./instances.ts";
import type { PropertyMap } from "./schema.ts";
import type { AnyViewDescriptor, ViewDescriptor } from "./view.ts";
import { tagReadAs } from "./view.ts";
import type { RawInstance } from "./wire.ts";

/** Child name → its read type, for the type parameter of {@link ParentInstanceAPI}. */
export type ChildTypes<T> = { readonly [K in keyof T]: Instance };

/**
 * The children of a parent view, most derived first: `[name, () => descriptor]` pairs. The name is the child
 * view's external id (its full `space:externalId/version` when two children share an external id); the thunk lets
 * data-class files refer to each other in any order.
 */
export type ChildViews<TChildren extends ChildTypes<TChildren>> = readonly {
  readonly [K in keyof TChildren & string]: readonly [
    K,
    // deno-lint-ignore no-explicit-any
    () => ViewDescriptor<TChildren[K], any, any>,
  ];
}[keyof TChildren & string][];

/** Options of `retrieve` with `asChildClass`. */
export interface RetrieveAsChildOptions<TName extends string>
  extends RetrieveByIdOptions {
  /**
   * Child views (by name, see {@link ChildViews}) whose instances come back as their own read types; the others
   * stay objects of this view. One name alone may be given without the array.
   */
  asChildClass: TName | readonly TName[];
}

/** {@link InstanceAPI} of a view with child views: `retrieve` also takes `asChildClass`. */
export class ParentInstanceAPI<
  TRead extends Instance,
  TWrite,
  TProps extends PropertyMap,
  TArgs extends FilterArgs = FilterArgs,
  TChildren extends ChildTypes<TChildren> = Record<never, Instance>,
> extends InstanceAPI<TRead, TWrite, TProps, TArgs> {
  readonly #children: ReadonlyMap<string, () => AnyViewDescriptor>;

  constructor(
    client: InstanceClient,
    descriptor: ViewDescriptor<TRead, TWrite, TProps>,
    argSpec: ArgSpec<TProps>,
    children: ChildViews<TChildren>,
  ) {
    super(client, descriptor, argSpec);
    if (descriptor.instanceType !== "node") {
      throw new PygenValueError(
        `ParentInstanceAPI: ${descriptor.name} is read as edges; asChildClass is for node views`,
      );
    }
    this.#children = new Map(children);
  }

  /** The child names `asChildClass` takes, most derived first. */
  get childNames(): (keyof TChildren & string)[] {
    return [...this.#children.keys()] as (keyof TChildren & string)[];
  }

  /**
   * One instance by id, as the most derived listed child whose view it has data in, else as this view
   * (`undefined` if it does not exist or has no data in this view).
   */
  override retrieve<const K extends keyof TChildren & string>(
    id: string | NodeId,
    options: RetrieveAsChildOptions<K>,
  ): Promise<TRead | TChildren[K] | undefined>;
  /**
   * Instances by id, in the order asked for, each as the most derived listed child whose view it has data in, else
   * as this view; ids that do not exist (in this view) are left out.
   */
  override retrieve<const K extends keyof TChildren & string>(
    ids: readonly (string | NodeId)[],
    options: RetrieveAsChildOptions<K>,
  ): Promise<InstanceList<TRead | TChildren[K]>>;
  /** One instance by id (`undefined` if it does not exist or has no data in this view). */
  override retrieve(
    id: string | NodeId,
    options?: RetrieveByIdOptions & { asChildClass?: undefined },
  ): Promise<TRead | undefined>;
  /** Instances by id, in the order asked for; ids that do not exist (in this view) are left out. */
  override retrieve(
    ids: readonly (string | NodeId)[],
    options?: RetrieveByIdOptions & { asChildClass?: undefined },
  ): Promise<InstanceList<TRead>>;
  override async retrieve(
    ids: string | NodeId | readonly (string | NodeId)[],
    options: RetrieveByIdOptions & { asChildClass?: unknown } = {},
  ): Promise<Instance | undefined | InstanceList<Instance>> {
    if (options.asChildClass === undefined) {
      return await super.retrieve(ids as readonly (string | NodeId)[], options);
    }
    // Everything is checked before the first request.
    const children = this.#chosen(options.asChildClass);
    const mode = options.retrieveConnections ?? "skip";
    if (mode !== "skip" && mode !== "identifier" && mode !== "full") {
      throw new PygenValueError(
        `retrieveConnections must be "skip", "identifier" or "full", got ${
          describeValue(mode)
        }`,
      );
    }
    const many = Array.isArray(ids);
    const resolved = this.client.resolveIds(
      ids as readonly (string | NodeId)[],
      `${this.descriptor.name} retrieve`,
      {
        instanceType: "node",
        ...(options.space !== undefined ? { space: options.space } : {}),
      },
    );
    // Each id once, in the order first asked (a repeated id comes back once, as in Python).
    const unique = new Map<string, InstanceId>();
    for (const id of resolved) {
      if (!unique.has(keyOf(id))) unique.set(keyOf(id), id);
    }
    const order = new Map([...unique.keys()].map((key, index) => [key, index]));
    let remaining = [...unique.values()];
    const found: Instance[] = [];
    for (const child of children) {
      if (remaining.length === 0) break;
      const items = await this.#fetchChild(
        child,
        remaining,
        mode,
        options.signal,
      );
      const matched = new Set(items.map(keyOf));
      found.push(...tagReadAs(items, child));
      remaining = remaining.filter((id) => !matched.has(keyOf(id)));
    }
    if (remaining.length) {
      const rest = await super.retrieve(remaining, {
        retrieveConnections: mode,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      found.push(...tagReadAs(rest, this.descriptor));
    }
    found.sort((a, b) =>
      (order.get(keyOf(a)) ?? 0) - (order.get(keyOf(b)) ?? 0)
    );
    const list = InstanceList.fromItems(found);
    return many ? list : list[0];
  }

  /** The descriptors of the named children, most derived first; unknown names are an error (nothing sent). */
  #chosen(names: unknown): AnyViewDescriptor[] {
    const wanted: unknown[] = Array.isArray(names) ? names : [names];
    const unknown = wanted.filter((name) =>
      typeof name !== "string" || !this.#children.has(name)
    );
    if (unknown.length) {
      const valid = [...this.#children.keys()].map((name) =>
        JSON.stringify(name)
      ).join(", ") || "none";
      throw new PygenValueError(
        `asChildClass: ${unknown.map(describeValue).join(", ")} ${
          unknown.length === 1 ? "is not a child view" : "are not child views"
        } of ${this.descriptor.name} in this SDK; valid: ${valid}`,
      );
    }
    const chosen = new Set(wanted);
    const out: AnyViewDescriptor[] = [];
    for (const [name, thunk] of this.#children) {
      if (!chosen.has(name)) continue;
      const descriptor = thunk() as AnyViewDescriptor | undefined;
      if (
        typeof descriptor !== "object" || descriptor === null ||
        descriptor.instanceType !== "node" ||
        typeof descriptor.parse !== "function"
      ) {
        throw new PygenValueError(
          `asChildClass: ${JSON.stringify(name)} maps to ${
            describeValue(descriptor)
          }, which is not a node view descriptor`,
        );
      }
      out.push(descriptor);
    }
    return out;
  }

  /** Instances of `ids` with data in `child`'s view and this one, as `child` reads them (with connections). */
  async #fetchChild(
    child: AnyViewDescriptor,
    ids: readonly InstanceId[],
    mode: RetrieveConnections,
    signal: AbortSignal | undefined,
  ): Promise<Instance[]> {
    if (mode === "skip") {
      // byids `sources` combine as AND; the check below also keeps a lenient server from widening the set.
      const raws = await this.client.retrieve(ids, {
        sources: [child.view, this.descriptor.view],
        ...(signal ? { signal } : {}),
      });
      return raws.filter((raw) =>
        hasViewData(raw, child) && hasViewData(raw, this.descriptor)
      ).map((raw) => child.parse(raw));
    }
    const items: Instance[] = [];
    for (const batch of chunk(ids, INSTANCE_CHUNK_SIZE)) {
      const page = await queryWithConnections(
        this.client,
        child,
        {
          filter: and(
            child.hasData(),
            this.descriptor.hasData(),
            new InstanceReferences(batch),
          ),
          limit: Math.min(batch.length, QUERY_LIMIT),
        },
        mode,
        signal,
      );
      items.push(...page.items);
    }
    return items;
  }
}

function keyOf(id: { space: string; externalId: string }): string {
  return `${id.space}\u0000${id.externalId}`;
}

function hasViewData(raw: RawInstance, descriptor: AnyViewDescriptor): boolean {
  const bySpace = raw.properties?.[descriptor.view.space];
  return bySpace !== undefined &&
    Object.hasOwn(bySpace, viewPropertyKey(descriptor.view));
}
