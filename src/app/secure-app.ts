import * as path from 'path';
import { App as K8sApp, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { writeKubernetes } from './kubernetes-writer';
import { createTerraformApp, TerraformApp } from '../aws/terraform';
import { fail, pathOf } from '../core/errors';
import { validateFrameworks } from '../policy/compliance/framework';
import { PolicyReport, validateRules } from '../policy/engine';
import { PolicyOptions, registerRules, rulesOf } from '../policy/policy';
import { assertPolicyPassed, runPolicyCheck } from '../policy/synth';

/**
 * Properties of a {@link SecureApp}.
 */
export interface SecureAppProps {
  /**
   * Directory the app writes to: Kubernetes manifests go to `<outdir>/kubernetes/`, the cdktf
   * layout (`manifest.json`, `stacks/<platform>/cdk.tf.json`) to `<outdir>/terraform/`.
   *
   * @default 'dist'
   */
  readonly outdir?: string;

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

  /** Directory the app writes to. */
  public readonly outdir: string;

  /**
   * The cdk8s app holding one chart per platform.
   */
  public readonly kubernetesApp: K8sApp;

  /** @internal */
  public readonly _terraformApp: TerraformApp;

  private readonly policyOptions: PolicyOptions;
  private lastReport?: PolicyReport;

  constructor(props: SecureAppProps = {}) {
    super(undefined as any, '');
    this.outdir = props.outdir ?? 'dist';
    this.kubernetesApp = new K8sApp({
      outdir: path.join(this.outdir, 'kubernetes'),
      outputFileExtension: '.k8s.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
    });
    this._terraformApp = createTerraformApp(path.join(this.outdir, 'terraform'));
    this.policyOptions = props.policy ?? {};
    registerRules(this, [...(this.policyOptions.rules ?? [])]);
    validateRules(rulesOf(this));
    validateFrameworks(pathOf(this), 'policy.frameworks', this.policyOptions.frameworks);
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
    const errors = this.node.findAll().flatMap(c => c.node.validate().map(e => `[${c.node.path || '<root>'}] ${e}`));
    if (errors.length > 0) {
      throw new Error(`Validation failed:\n${errors.map(e => `- ${e}`).join('\n')}`);
    }
    const manifests = writeKubernetes(this.kubernetesApp);
    this._terraformApp.synth();
    this.lastReport = runPolicyCheck(this, this.outdir, this.policyOptions, manifests);
    assertPolicyPassed(this.lastReport, this.outdir);
  }
}
