// One rule for refs, used by the API's schemas and by the deploy's fetch step: the API
// refuses exactly what a deploy would refuse.

// Branch, tag or sha: no leading "-" (it would be read as an option), no spaces, no revision
// syntax (`main~1`, `HEAD^`, `a..b`, `@{-1}`) that one VCS understands and the other does not.
const SAFE_REF = /^(?!-)[A-Za-z0-9._/+-]{1,200}$/;

/** Why a ref cannot be used, or null. */
export function refProblem(ref: string): string | null {
  if (!SAFE_REF.test(ref) || ref.includes("..") || ref.endsWith("/") || ref.endsWith(".lock"))
    return `"${ref}" is not a valid branch, tag or commit: use letters, digits, ".", "_", "/", "+", "-".`;
  return null;
}
