import * as fs from 'fs';
import * as path from 'path';
import { TerraformResource } from './model';

/**
 * A platform split into several Terraform stacks (`TerraformStacks.perNamespace()`) is one platform
 * for the policy rules: its stacks' resources are judged together, as one stack's would be.
 *
 * - Every stack of a platform carries the platform's id in the AWS provider's default tags
 *   (`secure-constructs:platform`); its resources get that id as their `stack`, and their construct
 *   paths (cdktf's, which start with the stack's id) start with the platform id, like the logical
 *   paths that suppressions name.
 * - cdktf passes a value from one stack to another through an output of the first
 *   (`cross-stack-output-...`) and a `terraform_remote_state` data source of the second
 *   (`cross-stack-reference-input-<stack>`). References to such an output are replaced with the
 *   output's value (the reference in the first stack), so that rules follow them as references
 *   within one stack.
 */

/** The key of the platform id in the default tags of every stack the library writes. */
export const PLATFORM_TAG = 'secure-constructs:platform';
const INPUT_PREFIX = 'cross-stack-reference-input-';

function list(x: unknown): any[] {
  return Array.isArray(x) ? x : x && typeof x === 'object' ? [x] : [];
}

/** The platform id in the default tags of a configuration's AWS provider, if any. */
export function platformOfConfiguration(json: any): string | undefined {
  for (const provider of list(json?.provider?.aws)) {
    for (const block of list(provider?.default_tags)) {
      const id = block?.tags?.[PLATFORM_TAG];
      if (typeof id === 'string' && id !== '') return id;
    }
  }
  return undefined;
}

/**
 * The resources of one configuration, as resources of its platform when it names one: `stack` is
 * the platform id, and a construct path that starts with another stack id of the platform
 * (`<platform>-<namespace>/...`) starts with the platform id instead.
 */
export function asPlatformResources(json: any, resources: TerraformResource[]): TerraformResource[] {
  const platform = platformOfConfiguration(json);
  const stackName = json?.['//']?.metadata?.stackName;
  if (platform === undefined || typeof stackName !== 'string' || stackName === platform) return resources;
  return resources.map(r => withFields(r, {
    stack: platform,
    constructPath: r.constructPath.startsWith(`${stackName}/`) ? `${platform}/${r.constructPath.slice(stackName.length + 1)}` : r.constructPath,
  }));
}

/**
 * A copy of `r` with `fields` replaced. Unlike a spread, it copies accessors as accessors, so a
 * lazily computed `line` stays lazy (a spread would compute every resource's line).
 */
function withFields<T extends object>(r: T, fields: Partial<T>): T {
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(r);
  for (const [k, v] of Object.entries(fields)) descriptors[k] = { value: v, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, descriptors) as T;
}

/**
 * `resources` (loaded from `dir`) with every reference to a cdktf cross-stack output replaced by the
 * output's value, read from the configuration of the stack that holds it (`../<stack>/cdk.tf.json`,
 * relative to the consuming configuration's directory, cdktf's layout). References whose output
 * cannot be found are left as they are.
 */
export function linkCrossStackReferences(dir: string, resources: TerraformResource[]): TerraformResource[] {
  const inputs = resources.filter(r => r.type === 'data.terraform_remote_state' && r.name.startsWith(INPUT_PREFIX));
  if (inputs.length === 0) return resources;
  const documents = new Map<string, any>();
  const outputsOf = (file: string): { [name: string]: any } => {
    if (!documents.has(file)) {
      let json: any;
      try {
        json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      } catch {
        json = undefined;
      }
      documents.set(file, json);
    }
    return documents.get(file)?.output ?? {};
  };
  // For each consuming file: `data.terraform_remote_state.<input>.outputs.<output>` to the output's value.
  const values = new Map<string, Map<string, string>>();
  for (const input of inputs) {
    const source = path.posix.join(path.posix.dirname(path.posix.dirname(input.file)), input.name.slice(INPUT_PREFIX.length), 'cdk.tf.json');
    const byRef = values.get(input.file) ?? new Map<string, string>();
    for (const [name, output] of Object.entries<any>(outputsOf(source))) {
      if (typeof output?.value === 'string') byRef.set(`data.terraform_remote_state.${input.name}.outputs.${name}`, output.value);
    }
    values.set(input.file, byRef);
  }
  const link = (value: any, byRef: Map<string, string>): any => {
    if (typeof value === 'string') {
      if (!value.includes('data.terraform_remote_state.')) return value;
      return value.replace(/\$\{(data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+)\}/g, (whole, ref: string) => {
        const target = byRef.get(ref);
        // The output's value is the reference in the stack that holds it (`${aws_kms_key.k.arn}`).
        return target ?? whole;
      });
    }
    // Objects and arrays are copied only where something below them changes.
    if (Array.isArray(value)) {
      let copy: any[] | undefined;
      value.forEach((v, i) => {
        const linked = link(v, byRef);
        if (linked !== v) (copy ??= [...value])[i] = linked;
      });
      return copy ?? value;
    }
    if (value && typeof value === 'object') {
      let copy: Record<string, any> | undefined;
      for (const [k, v] of Object.entries(value)) {
        const linked = link(v, byRef);
        if (linked !== v) (copy ??= { ...value })[k] = linked;
      }
      return copy ?? value;
    }
    return value;
  };
  const inputSet = new Set(inputs);
  return resources.map(r => {
    const byRef = values.get(r.file);
    if (!byRef || byRef.size === 0 || inputSet.has(r)) return r;
    const config = link(r.config, byRef);
    return config === r.config ? r : withFields(r, { config });
  });
}
