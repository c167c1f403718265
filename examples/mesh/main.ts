import { buildMeshShop } from './app';

// Writes dist/mesh/kubernetes/mesh.k8s.yaml, dist/mesh/terraform/{manifest.json,stacks/mesh/cdk.tf.json}
// and dist/mesh/policy/report.{json,sarif,md}.
buildMeshShop(process.env.SECURE_CONSTRUCTS_OUTDIR ?? 'dist/mesh').synth();
