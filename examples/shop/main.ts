import { buildShop } from './app';

// Writes dist/kubernetes/prod.k8s.yaml and dist/terraform/{manifest.json,stacks/prod/cdk.tf.json}.
buildShop(process.env.SECURE_CONSTRUCTS_OUTDIR ?? 'dist').synth();
