/**
 * Offline validation of synthesized resources against the CloudFormation resource specification
 * (`@aws-cdk/aws-service-spec`, the database `cdk diff` reads, taken from the installed
 * `@aws-cdk/cloudformation-diff`): unknown properties, missing required ones, wrong types and values
 * outside the allowed ones. Intrinsic functions (`Ref`, `Fn::GetAtt`, ...) are taken as valid values.
 */
import * as path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const specPackage = require.resolve('@aws-cdk/aws-service-spec', { paths: [path.dirname(require.resolve('@aws-cdk/cloudformation-diff'))] });
const spec = require(specPackage).loadAwsServiceSpecSync();

type Json = any;

export function validateAgainstResourceSpec(type: string, properties: Json): string[] {
  const resources = spec.lookup('resource', 'cloudFormationType', 'equals', type);
  if (resources.length !== 1) return [`${type} is not a resource type of the specification`];
  const resource = resources.only();
  const types = new Map<string, Json>(spec.follow('usesType', resource).map((x: Json) => [x.entity.$id, x.entity]));
  return checkObject(type, resource.properties, properties ?? {}, types);
}

function checkObject(where: string, props: Record<string, Json>, value: Json, types: Map<string, Json>): string[] {
  if (isIntrinsic(value)) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where}: expected an object, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (p.required && value[name] === undefined) problems.push(`${where}.${name}: required, missing`);
  }
  for (const [name, v] of Object.entries(value)) {
    const p = props[name];
    if (!p) {
      problems.push(`${where}.${name}: not a property of the specification`);
      continue;
    }
    problems.push(...checkType(`${where}.${name}`, p.type, v, types));
  }
  return problems;
}

function checkType(where: string, t: Json, v: Json, types: Map<string, Json>): string[] {
  if (isIntrinsic(v)) return [];
  switch (t.type) {
    case 'string':
      if (typeof v !== 'string') return [`${where}: expected a string, got ${JSON.stringify(v)}`];
      return t.allowedValues && !t.allowedValues.includes(v) ? [`${where}: ${v} is not one of ${t.allowedValues.join(', ')}`] : [];
    case 'integer':
      return Number.isInteger(typeof v === 'string' ? Number(v) : v) ? [] : [`${where}: expected an integer, got ${JSON.stringify(v)}`];
    case 'number':
      return Number.isFinite(typeof v === 'string' ? Number(v) : v) ? [] : [`${where}: expected a number, got ${JSON.stringify(v)}`];
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false' ? [] : [`${where}: expected a boolean, got ${JSON.stringify(v)}`];
    case 'json':
      return [];
    case 'tag':
      return typeof v?.Key === 'string' && v.Value !== undefined ? [] : [`${where}: expected a tag {Key, Value}, got ${JSON.stringify(v)}`];
    case 'array':
      if (!Array.isArray(v)) return [`${where}: expected a list, got ${JSON.stringify(v)}`];
      return v.flatMap((x, i) => checkType(`${where}[${i}]`, t.element, x, types));
    case 'map':
      if (typeof v !== 'object' || v === null) return [`${where}: expected a map, got ${JSON.stringify(v)}`];
      return Object.entries(v).flatMap(([k, x]) => checkType(`${where}.${k}`, t.element, x, types));
    case 'ref': {
      const def = types.get(t.reference.$ref);
      return def ? checkObject(where, def.properties, v, types) : [`${where}: type ${t.reference.$ref} not found in the specification`];
    }
    case 'union':
      return t.types.some((u: Json) => checkType(where, u, v, types).length === 0) ? [] : [`${where}: matches none of the allowed types`];
    default:
      return [`${where}: the validator does not know type ${t.type}`];
  }
}

function isIntrinsic(v: Json): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
