import * as path from 'path';
import { App as K8sApp, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { createTerraformApp, TerraformApp } from '../aws/terraform';
import { fail } from '../core/errors';

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

  constructor(props: SecureAppProps = {}) {
    super(undefined as any, '');
    this.outdir = props.outdir ?? 'dist';
    this.kubernetesApp = new K8sApp({
      outdir: path.join(this.outdir, 'kubernetes'),
      outputFileExtension: '.k8s.yaml',
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
    });
    this._terraformApp = createTerraformApp(path.join(this.outdir, 'terraform'));
  }

  /**
   * Validates the application, then writes the Kubernetes manifests and the Terraform
   * configuration.
   *
   * @throws ConfigurationError when a construct's validation fails
   */
  public synth(): void {
    const errors = this.node.validate();
    if (errors.length > 0) {
      throw new Error(`Validation failed:\n${errors.map(e => `- ${e}`).join('\n')}`);
    }
    this.kubernetesApp.synth();
    this._terraformApp.synth();
  }
}
