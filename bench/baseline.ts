/**
 * The baseline: the same N services and edges written with plain cdk8s-plus-33, the way a team
 * would without this library. Per service a Deployment (same image and port), a Service
 * (`exposeViaService`), and per edge `connections.allowTo`, which writes the NetworkPolicies.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { edgesOf, PORT, serviceImage, serviceName } from './common';

/** Builds the baseline app of `n` services writing to `outdir`. Does not synthesize. */
export function buildBaseline(n: number, outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
  const deployments: kplus.Deployment[] = [];
  for (let i = 0; i < n; i++) {
    const deployment = new kplus.Deployment(chart, serviceName(i), {
      metadata: { name: serviceName(i) },
      replicas: 2,
      containers: [{ name: serviceName(i), image: serviceImage(i), portNumber: PORT }],
    });
    deployment.exposeViaService({ name: serviceName(i), ports: [{ port: PORT, targetPort: PORT }] });
    deployments.push(deployment);
  }
  for (let i = 0; i < n; i++) {
    for (const t of edgesOf(i, n)) {
      deployments[i].connections.allowTo(deployments[t], { ports: [kplus.NetworkPolicyPort.tcp(PORT)] });
    }
  }
  return app;
}
