/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import { looksLikeJson, parseYamlTemplate } from './yaml';

type Json = any;

/**
 * A template's text, JSON or YAML, told apart by its content (JSON starts with `{`), not by the
 * file's extension. Throws one line naming `source` (and the line, where the parser gives one).
 */
export function parseTemplateText(text: string, source: string): Json {
  const body = text.replace(/^\uFEFF/, '');
  let parsed: Json;
  if (looksLikeJson(body)) {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      const message = (e as Error).message;
      const pos = /position (\d+)/.exec(message);
      const line = pos ? body.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new Error(`${source}${line ? `:${line}` : ''}: not a JSON template (${message.split('\n')[0]})`);
    }
  } else {
    parsed = parseYamlTemplate(body, source);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source}: not a CloudFormation template (expected a mapping with Resources, got ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)})`);
  }
  return parsed;
}

/** Reads a template file, JSON or YAML. */
export function readTemplateFile(path: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf-8');
  } catch (e) {
    throw new Error(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseTemplateText(text, path);
}

/** Whether a parsed document is a CloudFormation template (it has `Resources`). */
export function isTemplate(doc: Json): boolean {
  return !!doc && typeof doc === 'object' && !Array.isArray(doc) && !!doc.Resources && typeof doc.Resources === 'object';
}
