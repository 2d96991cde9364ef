/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { metadataAcknowledgments } from './acknowledgments';
import { isTemplate, readTemplateFile } from './files';
import { NestedTemplateFinder, StackInput } from './merge';

type Json = any;

/**
 * Every `aws:cloudformation:stack` artifact of a cloud assembly (`cdk.out`), nested assemblies
 * (stages, `cdk:cloud-assembly` artifacts) included, each named by its display name
 * (`Stage/Stack`, else the artifact id).
 */
export function assemblyStacks(dir: string): StackInput[] {
  const out: StackInput[] = [];
  const visit = (d: string, depth: number) => {
    const manifestPath = path.join(d, 'manifest.json');
    if (!fs.existsSync(manifestPath)) {
      throw new Error(`${d}: not a cloud assembly (no manifest.json)`);
    }
    let manifest: Json;
    try {
      manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf-8'));
    } catch (e) {
      throw new Error(`${manifestPath}: not a JSON manifest (${(e as Error).message.split('\n')[0]})`);
    }
    for (const [id, artifact] of Object.entries<Json>(manifest?.artifacts ?? {})) {
      if (artifact?.type === 'aws:cloudformation:stack' && typeof artifact.properties?.templateFile === 'string') {
        const file = path.join(d, artifact.properties.templateFile);
        const name = String(artifact.displayName ?? id).replace(/\./g, '_');
        const acknowledgments = metadataAcknowledgments(artifactMetadata(d, artifact));
        out.push({ name, template: readTemplateFile(file), source: file, stackName: artifact.properties.stackName ?? id, acknowledgments });
      } else if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string' && depth < 10) {
        visit(path.join(d, artifact.properties.directoryName), depth + 1);
      }
    }
  };
  visit(dir, 0);
  return out;
}

/**
 * A stack artifact's construct metadata by path: in the manifest (`metadata`), or in the file its
 * `additionalMetadataFile` names (newer assemblies). Unreadable metadata is none: it only holds
 * acknowledgments for the model, never what a flow depends on.
 */
function artifactMetadata(dir: string, artifact: Json): Record<string, Json[]> {
  const file = artifact?.additionalMetadataFile;
  let extra: Json = {};
  if (typeof file === 'string') {
    try {
      extra = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
    } catch {
      extra = {};
    }
  }
  return { ...(artifact?.metadata ?? {}), ...(extra && typeof extra === 'object' ? extra : {}) };
}

/**
 * Templates of several files, named by their base names without the extension (`network` for
 * `network.template.yaml`; `.` becomes `_`, and a name taken twice gets `-2`, `-3`).
 */
export function fileStacks(paths: string[]): StackInput[] {
  const names = new Set<string>();
  return paths.map((p) => {
    const base = path.basename(p).replace(/(\.template)?\.(json|ya?ml|template)$/i, '').replace(/\./g, '_') || 'template';
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
    names.add(name);
    return { name, template: readTemplateFile(p), source: p };
  });
}

/**
 * Finds a nested stack's template: the file its `Metadata['aws:asset:path']` names (CDK writes
 * it, relative to the assembly directory), else, among `candidates` (the other files given), the
 * one whose base name ends its `TemplateURL` (`https://bucket.s3.amazonaws.com/infra/vpc.yaml`
 * and a file `vpc.yaml`).
 */
export function nestedTemplateFinder(candidates: StackInput[] = []): NestedTemplateFinder {
  const assetKeys = new Map<string, Map<string, string>>(); // assembly dir -> object key -> asset path
  const byObjectKey = (dir: string) => {
    let keys = assetKeys.get(dir);
    if (!keys) {
      keys = fileAssetKeys(dir);
      assetKeys.set(dir, keys);
    }
    return keys;
  };
  return (resource, parent) => {
    let assetPath = resource?.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string' && candidates.length === 0) {
      // no asset metadata (an app synthesized without the CLI): the asset whose object key ends the TemplateURL
      const strings = stringsOf(resource?.Properties?.TemplateURL);
      assetPath = [...byObjectKey(path.dirname(parent.source))].find(([key]) => strings.some((s) => s.endsWith(key)))?.[1];
    }
    if (typeof assetPath === 'string') {
      const file = path.join(path.dirname(parent.source), assetPath);
      if (fs.existsSync(file)) {
        const template = readTemplateFile(file);
        return isTemplate(template) ? { template, source: file } : undefined;
      }
    }
    const url = resource?.Properties?.TemplateURL;
    if (typeof url === 'string') {
      const last = url.split(/[?#]/)[0].split('/').pop();
      const match = candidates.find((c) => c !== parent && path.basename(c.source) === last);
      if (match) return { template: match.template, source: match.source };
    }
    return undefined;
  };
}

/**
 * Several files as stacks: the files another given file uses as a nested stack (its
 * `TemplateURL` ends with the file's name) are read as that nested stack, not on their own.
 */
export function topLevelFileStacks(inputs: StackInput[]): { stacks: StackInput[]; finder: NestedTemplateFinder } {
  const finder = nestedTemplateFinder(inputs);
  const nested = new Set<string>();
  for (const i of inputs) {
    for (const r of Object.values<Json>(i.template.Resources ?? {})) {
      if (r?.Type === 'AWS::CloudFormation::Stack') {
        const found = finder(r, i);
        if (found) nested.add(found.source);
      }
    }
  }
  return { stacks: inputs.filter((i) => !nested.has(i.source)), finder };
}

/** The object keys of the file assets of an assembly directory's `*.assets.json`, to their paths. */
function fileAssetKeys(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.assets.json')) : [];
  for (const f of files) {
    let manifest: Json;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
    } catch {
      continue;
    }
    for (const asset of Object.values<Json>(manifest?.files ?? {})) {
      for (const dest of Object.values<Json>(asset?.destinations ?? {})) {
        if (typeof dest?.objectKey === 'string' && typeof asset?.source?.path === 'string') out.set(`/${dest.objectKey}`, asset.source.path);
      }
    }
  }
  return out;
}

function stringsOf(v: Json): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(stringsOf);
  return v && typeof v === 'object' ? Object.values(v).flatMap(stringsOf) : [];
}
