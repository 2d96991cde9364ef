/**
 * For exhaustive switches: the `default` of a switch over a union or an enum calls this with the
 * value, which the types say cannot exist, so a new kind that is not handled fails to compile.
 */
export function unreachable(value: never): never {
  throw new Error(`cdk-secure-alb: unexpected ${JSON.stringify(value)}`);
}
