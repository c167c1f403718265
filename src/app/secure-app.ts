import * as fs from 'fs';
import * as path from 'path';
import { App as K8sApp, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { WrittenManifest, writeKubernetes } from './kubernetes-writer';
import { commitOutput } from './output-manifest';
import { recordSuppressions } from './record-suppressions';
import {
  adoptTerraformApp, CdktfApp, createTerraformApp, isTerraformApp, stackNames, TerraformApp,
} from '../aws/terraform';
import { fail, pathOf } from '../core/errors';
import { checkProps } from '../core/props';
import { validateFrameworks } from '../policy/compliance/framework';
import { failingFindings, PolicyReport, validateRules } from '../policy/engine';
import { Severity } from '../policy/model';
import { Policy, PolicyOptions, registerRules, rulesOf } from '../policy/policy';
import { assertPolicyPassed, POLICY_DIR, runPolicyCheck } from '../policy/synth';

/** Set (to anything but `0`, `false` or empty) to turn the summary line of `synth()` off. */
export const QUIET_ENV = 'SECURE_CONSTRUCTS_QUIET';

/**
 * Properties of a {@link SecureApp}.
 */
export interface SecureAppProps {
  /**
   * Directory the app writes to: Kubernetes manifests go to `<outdir>/kubernetes/`, the cdktf
   * layout (`manifest.json`, `stacks/<platform>/cdk.tf.json`) to `<outdir>/terraform/`, the
   * policy reports to `<outdir>/policy/`.
   *
   * An explicit `outdir` wins over the directories the cdk8s and cdktf command lines pass
   * (`CDK8S_OUTDIR`, `CDKTF_OUTDIR`), as in cdk8s's and cdktf's own `App`; leave it unset to run
   * under `cdk8s synth` or `cdktf synth`.
   *
   * @default - `dist`; Kubernetes manifests in `$CDK8S_OUTDIR` when set (else `dist/kubernetes`),
   * the Terraform layout in `$CDKTF_OUTDIR` when set (else `dist/terraform`)
   */
  readonly outdir?: string;

  /**
   * Turns off the one summary line `synth()` prints (what was written where, the policy verdict,
   * the report's path).
   *
   * @default - false, unless the environment variable `SECURE_CONSTRUCTS_QUIET` is set (to
   * anything but `0`, `false` or empty)
   */
  readonly quiet?: boolean;

  /**
   * Your own cdk8s `App`, to write the platforms' charts together with charts of your own, into
   * that app's `outdir` (one `<chart id><outputFileExtension>` file per chart). Create charts you
   * hand to a `Platform` (`chart`) in it.
   *
   * @default - an app of the SecureApp's own, writing to the Kubernetes directory above
   */
  readonly kubernetesApp?: K8sApp;

  /**
   * Your own cdktf `App`, to write the platforms' stacks together with stacks of your own, into
   * that app's `outdir` (the standard cdktf layout). Create stacks you hand to a `Platform`
   * (`terraformStack`) in it.
   *
   * @default - an app of the SecureApp's own, writing to the Terraform directory above
   */
  readonly terraformApp?: CdktfApp;

  /**
   * The policy check that `synth()` runs over the output: your own rules and the severity that
   * fails synth. The library's packs (`Packs.all()`) always run.
   *
   * @default - the library's packs; error-level findings fail synth
   */
  readonly policy?: PolicyOptions;
}

/**
 * The root of a secure-constructs application.
 *
 * It owns one cdk8s app and one cdktf app; `synth()` writes both. Platforms are created under it,
 * services under platforms.
 *
 * @example
 * const app = new SecureApp({ outdir: 'dist' });
 * const prod = new Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1',
 *   cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }) });
 * new SecureMicroservice(prod, 'orders', { image: 'ghcr.io/acme/orders@sha256:...' });
 * app.synth();
 */
export class SecureApp extends Construct {
  /**
   * The SecureApp at the root of `scope`'s tree.
   *
   * @throws ConfigurationError when `scope` is not under a SecureApp
   */
  public static of(scope: IConstruct): SecureApp {
    const root = scope.node.root;
    if (!(root instanceof SecureApp)) {
      fail(scope, 'scope', root.node.id || '<root>', 'the construct is not inside a SecureApp',
        'create the construct under a Platform, which is created under `new SecureApp()`');
    }
    return root;
  }

  /** Directory the app writes to (the policy reports go to `<outdir>/policy/`). */
  public readonly outdir: string;

  /** Directory the Kubernetes manifests are written to. */
  public readonly kubernetesOutdir: string;

  /** Directory the Terraform configuration (the cdktf layout with `manifest.json`) is written to. */
  public readonly terraformOutdir: string;

  /**
   * The cdk8s app holding one chart per platform (and your own charts).
   */
  public readonly kubernetesApp: K8sApp;

  /** @internal */
  public readonly _terraformApp: TerraformApp;

  private readonly policyOptions: PolicyOptions;
  private readonly quiet?: boolean;
  private readonly ignoredEnv: string[] = [];
  private lastReport?: PolicyReport;

  constructor(props: SecureAppProps = {}) {
    super(undefined as any, '');
    if (props === null || typeof props !== 'object') {
      fail(this, 'props', props, 'not an object', "pass new SecureApp({ outdir: 'dist' }), or nothing");
    }
    if (props.outdir !== undefined && (typeof props.outdir !== 'string' || props.outdir.trim() === '')) {
      fail(this, 'outdir', props.outdir, 'not a directory name', "pass a directory such as 'dist', or leave it unset");
    }
    if (props.quiet !== undefined && typeof props.quiet !== 'boolean') {
      fail(this, 'quiet', props.quiet, 'not a boolean', 'pass quiet: true to turn the summary line off');
    }
    if (props.kubernetesApp !== undefined && !isKubernetesApp(props.kubernetesApp)) {
      fail(this, 'kubernetesApp', props.kubernetesApp, 'not a cdk8s App', 'pass the App you created with `new App()` from cdk8s, or leave it unset');
    }
    if (props.terraformApp !== undefined && !isTerraformApp(props.terraformApp)) {
      fail(this, 'terraformApp', props.terraformApp, 'not a cdktf App', 'pass the App you created with `new App()` from cdktf, or leave it unset');
    }
    this.outdir = props.outdir ?? 'dist';
    validateOutdir(this, this.outdir);
    this.quiet = props.quiet;
    const env = (name: string, sub: string): string => {
      const value = process.env[name];
      if (props.outdir === undefined) return value || path.join(this.outdir, sub);
      if (value && path.resolve(value) !== path.resolve(this.outdir, sub)) this.ignoredEnv.push(name);
      return path.join(this.outdir, sub);
    };
    this.kubernetesApp = props.kubernetesApp ?? new K8sApp({
      outdir: env('CDK8S_OUTDIR', 'kubernetes'),
      outputFileExtension: '.k8s.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
    });
    this.kubernetesOutdir = this.kubernetesApp.outdir;
    this._terraformApp = props.terraformApp ? adoptTerraformApp(props.terraformApp) : createTerraformApp(env('CDKTF_OUTDIR', 'terraform'));
    this.terraformOutdir = this._terraformApp.outdir;
    this.policyOptions = props.policy ?? {};
    checkProps(this, 'policy', this.policyOptions, {
      knownKeys: ['rules', 'failOn', 'frameworks'],
      lists: ['rules'],
      enums: { failOn: { name: 'Severity', values: Severity } },
    });
    registerRules(this, [...(this.policyOptions.rules ?? [])]);
    validateRules(rulesOf(this));
    validateFrameworks(pathOf(this), 'policy.frameworks', this.policyOptions.frameworks);
  }

  /**
   * The cdktf app holding one stack per platform (and your own stacks).
   */
  public get terraformApp(): CdktfApp {
    return this._terraformApp.root;
  }

  /**
   * The policy report of the last `synth()` (also written to `<outdir>/policy/`).
   *
   * @default - undefined until `synth()` ran the policy check
   */
  public get policyReport(): PolicyReport | undefined {
    return this.lastReport;
  }

  /**
   * Validates the application, writes the Kubernetes manifests and the Terraform configuration,
   * then runs the policy packs over what was written and writes the reports to
   * `<outdir>/policy/` (`report.json`, `report.sarif`, `report.md`).
   *
   * @throws ConfigurationError when a construct's validation fails or a suppression matches no
   * finding
   * @throws Error listing the findings when an unsuppressed finding is at or above the policy
   * threshold
   */
  public synth(): void {
    this._synth(this.quiet ?? quietFromEnvironment());
  }

  /**
   * `synth()`, with the summary line on or off.
   * @internal
   */
  public _synth(quiet: boolean): void {
    const errors = this.node.findAll().flatMap(c => c.node.validate().map(e => `[${c.node.path || '<root>'}] ${e}`));
    if (errors.length > 0) {
      throw new Error(`Validation failed:\n${errors.map(e => `- ${e}`).join('\n')}`);
    }
    if (!quiet) {
      for (const name of this.ignoredEnv) {
        process.stderr.write(`secure-constructs: ${name}=${process.env[name]} is not used: SecureApp's \`outdir\` is set (${this.outdir}); leave it unset to write where the cdk8s or cdktf command line expects\n`);
      }
    }
    // What code accepts is written into the output it concerns, where the checker reads it too.
    recordSuppressions(this, Policy._collect(this));
    const manifests = writeKubernetes(this.kubernetesApp);
    const configurations = this._terraformApp.synth();
    fs.mkdirSync(this.outdir, { recursive: true });
    this.lastReport = runPolicyCheck(this, this.outdir, this.policyOptions, manifests, this._outputSubdirs()[1], configurations);
    if (!quiet) process.stdout.write(`${this.summary(manifests, this.lastReport)}\n`);
    commitOutput(this.outdir);
    assertPolicyPassed(this.lastReport, this.outdir);
  }

  /**
   * The Kubernetes and Terraform directories relative to `outdir` (`kubernetes`, `terraform` by
   * default), as the policy input names its files.
   * @internal
   */
  public _outputSubdirs(): string[] {
    return [this.kubernetesOutdir, this.terraformOutdir]
      .map(dir => path.relative(this.outdir, dir).split(path.sep).join('/') || '.');
  }

  /** The summary line: what was written where, the policy verdict, the report's path. */
  private summary(manifests: WrittenManifest[], report: PolicyReport): string {
    const files = manifests.map(m => path.basename(m.file));
    const stacks = stackNames(this._terraformApp);
    const list = (items: string[]) => (items.length <= 4 ? items : [...items.slice(0, 3), `${items.length - 3} more`]).join(', ');
    const count = (s: Severity) => report.findings.filter(f => !f.suppressed && f.severity === s).length;
    const failing = failingFindings(report).length;
    const verdict = `policy ${failing === 0 ? 'passed' : `FAILED (${failing} at or above ${report.failOn})`}: `
      + `${count(Severity.ERROR)} error, ${count(Severity.WARNING)} warning, ${count(Severity.INFO)} info, `
      + `${report.findings.filter(f => f.suppressed).length} suppressed, ${report.rules.length} rules`;
    return `secure-constructs: Kubernetes ${display(this.kubernetesOutdir)} (${list(files) || 'no charts'}), `
      + `Terraform ${display(this.terraformOutdir)} (${stacks.length ? `stacks ${list(stacks)}` : 'no stacks'}); `
      + `${verdict}; report ${display(path.join(this.outdir, POLICY_DIR, 'report.md'))}`;
  }
}

function quietFromEnvironment(): boolean {
  const value = process.env[QUIET_ENV];
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

/** A path as the user would type it: relative to the working directory when below it. */
function display(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(dir);
}

/** Whether `x` is a cdk8s App (by shape: the app's charts and outdir, as copies of cdk8s may differ). */
function isKubernetesApp(x: unknown): x is K8sApp {
  return x instanceof K8sApp || (!!x && typeof x === 'object' && typeof (x as any).outdir === 'string'
    && typeof (x as any).synthYaml === 'function' && (x as any).node?.scope === undefined);
}

/**
 * The output directory must be a directory synth may fill: not the filesystem root (synth removes
 * the files it wrote before, and would write its folders next to the system's), and not an
 * existing file.
 */
function validateOutdir(scope: IConstruct, outdir: string): void {
  const resolved = path.resolve(outdir);
  if (resolved === path.parse(resolved).root) {
    fail(scope, 'outdir', outdir, 'the filesystem root is not an output directory', "pass a directory of the project, e.g. 'dist'");
  }
  if (fs.existsSync(resolved) && !fs.statSync(resolved).isDirectory()) {
    fail(scope, 'outdir', outdir, 'a file of that name exists, so nothing can be written below it', "remove the file, or pass another directory, e.g. 'dist'");
  }
}
