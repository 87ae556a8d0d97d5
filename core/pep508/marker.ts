/**
 * The marker AST. It keeps packaging's list structure (`_markers`): a group is a flat sequence of
 * atoms joined by `and`/`or` (`and` binds tighter), and a parenthesized expression is a nested
 * group. Keeping that structure is what lets `formatMarker` equal `str(packaging.markers.Marker)`.
 */

/** The environment variables a marker may name (aliases such as `os.name` are already canonical). */
export type MarkerVariableName =
  | "python_version"
  | "python_full_version"
  | "os_name"
  | "sys_platform"
  | "platform_release"
  | "platform_system"
  | "platform_version"
  | "platform_machine"
  | "platform_python_implementation"
  | "implementation_name"
  | "implementation_version"
  | "extra"
  | "extras"
  | "dependency_groups";

export type MarkerOperand =
  | { readonly kind: "variable"; readonly name: MarkerVariableName }
  | { readonly kind: "string"; readonly value: string };

export type MarkerOperator = "===" | "==" | "~=" | "!=" | "<=" | ">=" | "<" | ">" | "in" | "not in";

export interface MarkerComparison {
  readonly kind: "compare";
  readonly left: MarkerOperand;
  readonly op: MarkerOperator;
  readonly right: MarkerOperand;
}

export interface MarkerGroup {
  readonly kind: "group";
  /** At least one atom. */
  readonly atoms: readonly MarkerAtom[];
  /** `ops[i]` joins `atoms[i]` and `atoms[i + 1]`. */
  readonly ops: readonly ("and" | "or")[];
}

export type MarkerAtom = MarkerComparison | MarkerGroup;

/** A parsed marker: always a group at the top, as packaging's parser returns a list. */
export type Marker = MarkerGroup;

/** Deepest parenthesis nesting accepted in a marker; deeper input is rejected with a ParseError. */
export const MAX_MARKER_DEPTH = 100;

/** Longest requirement or marker text accepted (characters); longer input is rejected with a ParseError. */
export const MAX_TEXT_LENGTH = 65_536;
