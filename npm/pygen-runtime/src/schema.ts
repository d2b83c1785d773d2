/**
 * How generated code describes a view to the runtime: the explicit map from each TypeScript field name to the
 * view property id and its type. The runtime never guesses names; everything it converts goes through this map.
 *
 * @module
 */

/** The DMS property types the runtime converts. */
export type PropertyType =
  | "text"
  | "int32"
  | "int64"
  | "float32"
  | "float64"
  | "boolean"
  | "timestamp"
  | "date"
  | "json"
  | "enum"
  | "direct"
  | "timeseries"
  | "file"
  | "sequence";

/** One field of a generated data class: which view property it is and how its values look on the wire. */
export interface PropertySpec {
  /** The view property id (what DMS calls the property). */
  readonly id: string;
  /** The DMS type of the property. */
  readonly type: PropertyType;
  /** A list property (the value is an array). */
  readonly list?: boolean;
  /** Not nullable in its container: writing `null` is an error, and reads expect a value. */
  readonly required?: boolean;
  /** The allowed values of an enum property. Reads still accept values added to the model later. */
  readonly values?: readonly string[];
  /** Never written (for example a property CDF computes); present on read only. */
  readonly readOnly?: boolean;
}

/** Field name → property spec, for one view. */
export type PropertyMap = { readonly [field: string]: PropertySpec };

/** What a view is used for; a view used for `"all"` reads as nodes unless told otherwise. */
export type UsedFor = "node" | "edge" | "all";

/** The field names of a property map. */
export type FieldOf<TProps extends PropertyMap> = keyof TProps & string;

/** The fields of a property map that hold single text values (what `search` can look in). */
export type TextFieldOf<TProps extends PropertyMap> = {
  [K in keyof TProps & string]: TProps[K] extends { readonly type: "text" } ? K
    : never;
}[keyof TProps & string];

/** The fields that hold single numbers (what `histogram`, `avg`, `sum`, `min` and `max` work on; DMS refuses lists). */
export type NumericFieldOf<TProps extends PropertyMap> = {
  [K in keyof TProps & string]: TProps[K] extends { readonly list: true }
    ? never
    : TProps[K] extends {
      readonly type: "int32" | "int64" | "float32" | "float64";
    } ? K
    : never;
}[keyof TProps & string];

/** Fields that can be sorted on: every single-valued property that is not JSON. */
export type SortableFieldOf<TProps extends PropertyMap> = {
  [K in keyof TProps & string]: TProps[K] extends { readonly list: true }
    ? never
    : TProps[K] extends { readonly type: "json" } ? never
    : K;
}[keyof TProps & string];
