import * as path from 'path';
import { registerOutdir } from './outdirs';
import { SecureApp } from '../app/secure-app';
import { failingFindings, PolicyFinding, PolicyReport } from '../policy/engine';
import { loadDirectory } from '../policy/load';
import { PolicyInput, TerraformResource } from '../policy/model';

/**
 * What a {@link SecureApp} wrote, parsed, with the policy report of its synth.
 *
 * Obtain it with `Testing.synth(app)`.
 */
export class SynthesizedApp {
  /** The directory the app wrote to. */
  public readonly outdir: string;
  /** Every Kubernetes object and Terraform resource, as the policy rules see them. */
  public readonly policyInput: PolicyInput;
  /**
   * The policy report of the synth.
   *
   * @default - undefined when synth failed before the policy check ran
   */
  public readonly policyReport?: PolicyReport;
  /**
   * The error `synth()` raised after writing the output (failing findings, a suppression that
   * matched nothing).
   *
   * @default - synth succeeded
   */
  public readonly synthError?: string;

  /** @internal */
  constructor(outdir: string, policyInput: PolicyInput, policyReport?: PolicyReport, synthError?: string) {
    this.outdir = outdir;
    this.policyInput = policyInput;
    this.policyReport = policyReport;
    this.synthError = synthError;
  }

  /**
   * Kubernetes objects (as parsed JSON), in file order.
   *
   * @param kind only objects of this kind
   */
  public kubernetesObjects(kind?: string): any[] {
    return this.policyInput.kubernetes.map(o => o.object).filter(o => kind === undefined || o?.kind === kind);
  }

  /**
   * The one Kubernetes object of `kind` named `name`.
   *
   * @param namespace the object's namespace (required when the name is not unique)
   * @throws Error when there is not exactly one such object
   */
  public kubernetesObject(kind: string, name: string, namespace?: string): any {
    const found = this.kubernetesObjects(kind).filter(o => o?.metadata?.name === name
      && (namespace === undefined || (o?.metadata?.namespace ?? 'default') === namespace));
    if (found.length !== 1) {
      throw new Error(`expected exactly one ${kind} ${namespace ? `${namespace}/` : ''}${name}, found ${found.length}`);
    }
    return found[0];
  }

  /**
   * Terraform resources (type, logical name, arguments, stack, construct path), in file order.
   *
   * @param type only resources of this type, e.g. `aws_iam_role`
   */
  public terraformResources(type?: string): TerraformResource[] {
    return this.policyInput.terraform.filter(r => type === undefined || r.type === type);
  }

  /**
   * The one Terraform resource of `type` with logical name `name`.
   *
   * @throws Error when there is not exactly one such resource
   */
  public terraformResource(type: string, name: string): TerraformResource {
    const found = this.terraformResources(type).filter(r => r.name === name);
    if (found.length !== 1) {
      const names = this.terraformResources(type).map(r => r.name).join(', ') || 'none';
      throw new Error(`expected exactly one ${type}.${name}, found ${found.length} (${type}: ${names})`);
    }
    return found[0];
  }

  /**
   * Unsuppressed findings at or above the app's threshold (empty when the policy check passed).
   */
  public failingFindings(): PolicyFinding[] {
    return this.policyReport ? failingFindings(this.policyReport) : [];
  }
}

const synthesized = new WeakMap<SecureApp, SynthesizedApp>();

/**
 * Helpers for testing apps with jest (or any test framework).
 *
 * @example
 * const out = Testing.synth(buildShop(fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'))));
 * expect(out.kubernetesObject('Deployment', 'orders', 'orders').spec.replicas).toBe(3);
 * expect(out.failingFindings()).toEqual([]);
 */
export class Testing {
  /**
   * Synthesizes `app` (once; later calls return the same result) and parses what it wrote.
   * It prints nothing (no summary line).
   *
   * A synth that fails the policy check does not throw here: the output is still returned with
   * its report and `synthError`, so tests can assert on the findings. Errors raised before the
   * output is written (construct validation) are thrown.
   */
  public static synth(app: SecureApp): SynthesizedApp {
    const cached = synthesized.get(app);
    if (cached) return cached;
    registerOutdir(app.outdir);
    let synthError: string | undefined;
    // Output directories outside the app's outdir (CDK8S_OUTDIR, CDKTF_OUTDIR, adopted apps).
    for (const dir of [app.kubernetesOutdir, app.terraformOutdir]) {
      const relative = path.relative(app.outdir, dir);
      if (relative.startsWith('..') || path.isAbsolute(relative)) registerOutdir(dir);
    }
    try {
      app._synth(true);
    } catch (e: any) {
      if (!app.policyReport) throw e;
      synthError = String(e?.message ?? e);
    }
    const input = loadDirectory(app.outdir, [...new Set(app._outputSubdirs())]);
    const result = new SynthesizedApp(app.outdir, input, app.policyReport, synthError);
    synthesized.set(app, result);
    return result;
  }

  private constructor() {}
}
