/**
 * Expands $NAME and ${NAME} for the names given (PROJECT_ROOT, HOME) and leaves every other
 * `$` alone: the shell running a process command sees those later.
 */
export function expandVariables(text: string, values: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? "";
      return Object.prototype.hasOwnProperty.call(values, name) ? (values[name] ?? whole) : whole;
    },
  );
}
