import { PolicyInput } from './model';
import { describeObject } from './rules/kubernetes/util';

/**
 * Finds the line of a finding from the object or resource it names: by file and resource
 * (`Deployment shop/web`, `aws_iam_role.web`), else by file and construct path. Built on first
 * use; lines themselves are read only for the findings asked about.
 */
export class LocationIndex {
  private byResource?: Map<string, { readonly line?: number }>;
  private byPath?: Map<string, { readonly line?: number }>;

  constructor(private readonly input: PolicyInput) {}

  /** The 1-based line of the object or resource a finding is about, when known. */
  public lineOf(file: string, resource: string, constructPath: string): number | undefined {
    if (!file) return undefined;
    if (!this.byResource) {
      this.byResource = new Map();
      this.byPath = new Map();
      const add = (key: string, pathKey: string, entry: { readonly line?: number }) => {
        if (!this.byResource!.has(key)) this.byResource!.set(key, entry);
        if (!this.byPath!.has(pathKey)) this.byPath!.set(pathKey, entry);
      };
      for (const o of this.input.kubernetes) add(`${o.file}\u0000${describeObject(o.object)}`, `${o.file}\u0000${o.constructPath}`, o);
      for (const r of this.input.terraform) add(`${r.file}\u0000${r.type}.${r.name}`, `${r.file}\u0000${r.constructPath}`, r);
    }
    const entry = this.byResource.get(`${file}\u0000${resource}`) ?? this.byPath!.get(`${file}\u0000${constructPath}`);
    const line = entry?.line;
    return typeof line === 'number' && line > 0 ? line : undefined;
  }
}
