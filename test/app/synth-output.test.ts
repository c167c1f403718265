import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Errors, Platform, SecureApp, SecureMicroservice } from '../../src';
import { Packs } from '../../src/policy/packs';
import { Testing } from '../../src/testing/testing';
import { image, PLATFORM_PROPS } from '../support/synth';

const ROOT = path.join(__dirname, '..', '..');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-out-'));

/** Runs `build` with `env` set (and the variables in it that are undefined removed), restoring the environment after. */
function withEnv<T>(env: { [name: string]: string | undefined }, build: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map(k => [k, process.env[k]]));
  const set = (values: { [name: string]: string | undefined }) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  try {
    return build();
  } finally {
    set(saved);
  }
}

/** What `build` wrote to stdout and stderr. */
function capture(build: () => void): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => { out.stdout += String(chunk); return true; }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { out.stderr += String(chunk); return true; }),
  ];
  try {
    build();
  } finally {
    spies.forEach(s => s.mockRestore());
  }
  return out;
}

function shop(app: SecureApp): SecureApp {
  new SecureMicroservice(new Platform(app, 'prod', PLATFORM_PROPS), 'orders', { image: image() });
  return app;
}

describe('the summary line of synth()', () => {
  test('names the Kubernetes files, the Terraform stacks, the verdict with counts and the report', () => {
    const outdir = tmp();
    const { stdout, stderr } = capture(() => shop(new SecureApp({ outdir, quiet: false })).synth());
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toEqual([
      `secure-constructs: Kubernetes ${outdir}/kubernetes (prod.k8s.yaml), Terraform ${outdir}/terraform (stacks prod); `
      + `policy passed: 0 error, 0 warning, 0 info, 5 suppressed, ${Packs.all().length} rules; report ${outdir}/policy/report.md`,
      '',
    ]);
  });

  test('paths below the working directory are shown relative to it', () => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      const { stdout } = capture(() => shop(new SecureApp({ quiet: false })).synth());
      expect(stdout).toMatch(/^secure-constructs: Kubernetes dist\/kubernetes \(prod\.k8s\.yaml\), Terraform dist\/terraform \(stacks prod\); .*; report dist\/policy\/report\.md\n$/);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a failing check prints the verdict before synth throws', () => {
    const app = new SecureApp({ outdir: tmp(), quiet: false });
    const platform = new Platform(app, 'prod', PLATFORM_PROPS);
    new SecureMicroservice(platform, 'orders', { image: image() });
    const bucket = 'unencrypted-raw';
    // A raw cdktf resource the library did not harden: the policy check judges it too.
    new S3Bucket(platform.terraformStack, 'raw', { bucket });
    let error: unknown;
    const { stdout } = capture(() => { try { app.synth(); } catch (e) { error = e; } });
    expect(String(error)).toMatch(/Policy check failed: 4 findings/);
    expect(stdout).toMatch(new RegExp(`; policy FAILED \\(4 at or above error\\): 4 error, \\d+ warning, \\d+ info, \\d+ suppressed, ${Packs.all().length} rules; report `));
  });

  test('quiet: true, SECURE_CONSTRUCTS_QUIET and Testing.synth print nothing; quiet: false wins over the variable', () => {
    expect(capture(() => shop(new SecureApp({ outdir: tmp(), quiet: true })).synth())).toEqual({ stdout: '', stderr: '' });
    withEnv({ SECURE_CONSTRUCTS_QUIET: '1' }, () => {
      expect(capture(() => shop(new SecureApp({ outdir: tmp() })).synth()).stdout).toBe('');
      expect(capture(() => shop(new SecureApp({ outdir: tmp(), quiet: false })).synth()).stdout).toMatch(/^secure-constructs: /);
    });
    for (const value of ['0', 'false', '']) {
      withEnv({ SECURE_CONSTRUCTS_QUIET: value }, () => {
        expect(capture(() => shop(new SecureApp({ outdir: tmp() })).synth()).stdout).toMatch(/^secure-constructs: /);
      });
    }
    withEnv({ SECURE_CONSTRUCTS_QUIET: undefined }, () => {
      expect(capture(() => Testing.synth(shop(new SecureApp({ outdir: tmp() }))))).toEqual({ stdout: '', stderr: '' });
    });
  });

  test.each([
    [{ quiet: 'yes' }, /\[<root>\] quiet: received "yes": not a boolean/],
    [{ outdir: '' }, /\[<root>\] outdir: received "": not a directory name/],
    [{ outdir: 42 }, /\[<root>\] outdir: received 42: not a directory name/],
    [{ kubernetesApp: {} }, /kubernetesApp: received .*: not a cdk8s App/],
    [{ terraformApp: 'cdktf.out' }, /terraformApp: received "cdktf.out": not a cdktf App/],
  ])('bad props %p fail with a ConfigurationError', (props, message) => {
    let error: unknown;
    try {
      new SecureApp(props as any);
    } catch (e) {
      error = e;
    }
    expect(Errors.isConfigurationError(error)).toBe(true);
    expect(String(error)).toMatch(message);
  });
});

describe('CDK8S_OUTDIR and CDKTF_OUTDIR', () => {
  test('without an explicit outdir, manifests go to $CDK8S_OUTDIR and the cdktf layout to $CDKTF_OUTDIR', () => {
    const base = tmp();
    const k8s = path.join(base, 'k8s-out');
    const tf = path.join(base, 'cdktf.out');
    const cwd = process.cwd();
    process.chdir(base);
    try {
      const app = withEnv({ CDK8S_OUTDIR: k8s, CDKTF_OUTDIR: tf }, () => shop(new SecureApp()));
      const out = Testing.synth(app);
      expect([app.outdir, app.kubernetesOutdir, app.terraformOutdir]).toEqual(['dist', k8s, tf]);
      expect(fs.readdirSync(k8s)).toEqual(['prod.k8s.yaml']);
      // What `cdktf synth` reads: <outdir>/manifest.json and the stack it names.
      const manifest = JSON.parse(fs.readFileSync(path.join(tf, 'manifest.json'), 'utf8'));
      expect(manifest.stacks.prod.synthesizedStackPath).toBe('stacks/prod/cdk.tf.json');
      expect(fs.existsSync(path.join(tf, 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
      // The policy check read both, and its reports are in <outdir>/policy.
      expect(out.failingFindings()).toEqual([]);
      expect(out.kubernetesObject('Deployment', 'orders', 'orders')).toBeDefined();
      expect(out.terraformResources().length).toBeGreaterThan(0);
      expect(fs.existsSync(path.join(base, 'dist', 'policy', 'report.json'))).toBe(true);
      expect(fs.existsSync(path.join(base, 'dist', 'kubernetes'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  test('an explicit outdir wins, and synth says which variable it did not use', () => {
    const outdir = tmp();
    const elsewhere = tmp();
    const app = withEnv({ CDK8S_OUTDIR: elsewhere, CDKTF_OUTDIR: undefined }, () => shop(new SecureApp({ outdir, quiet: false })));
    const { stderr } = withEnv({ CDK8S_OUTDIR: elsewhere }, () => capture(() => app.synth()));
    expect(app.kubernetesOutdir).toBe(path.join(outdir, 'kubernetes'));
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(stderr).toBe(`secure-constructs: CDK8S_OUTDIR=${elsewhere} is not used: SecureApp's \`outdir\` is set (${outdir}); leave it unset to write where the cdk8s or cdktf command line expects\n`);
  });

  test('the variable naming the directory the explicit outdir gives is no conflict', () => {
    const outdir = tmp();
    const app = withEnv({ CDKTF_OUTDIR: path.join(outdir, 'terraform') }, () => shop(new SecureApp({ outdir, quiet: false })));
    expect(withEnv({ CDKTF_OUTDIR: path.join(outdir, 'terraform') }, () => capture(() => app.synth())).stderr).toBe('');
  });
});

describe('the cdk8s command line', () => {
  // A ten-line app run by `cdk8s synth`, which passes its output directory as CDK8S_OUTDIR.
  function project(): string {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'main.ts'), [
      `import { EksCluster, Platform, PlatformLogging, SecureApp, SecureMicroservice } from ${JSON.stringify(path.join(ROOT, 'src'))};`,
      'const app = new SecureApp();',
      "const prod = new Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1',",
      "  cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }), logging: PlatformLogging.disabled('no log shipping in this test cluster') });",
      `new SecureMicroservice(prod, 'orders', { image: 'ghcr.io/acme/orders@sha256:${'1'.repeat(64)}' });`,
      'app.synth();',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022', esModuleInterop: true } }));
    return dir;
  }
  const cdk8s = (dir: string, args: string[]) => spawnSync(process.execPath, [
    path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade',
    '--app', `${process.execPath} ${path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js')} --transpile-only main.ts`, ...args,
  ], { cwd: dir, encoding: 'utf8', env: { ...process.env, SECURE_CONSTRUCTS_QUIET: '' }, timeout: 120_000 });

  test('cdk8s synth -o out writes the manifests to out/', () => {
    const dir = project();
    const result = cdk8s(dir, ['-o', 'out']);
    expect(result.stderr).not.toMatch(/No manifests synthesized/);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['prod.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'out', 'prod.k8s.yaml'), 'utf8')).toMatch(/kind: Deployment\n/);
    expect(fs.existsSync(path.join(dir, 'dist', 'terraform', 'manifest.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dist', 'policy', 'report.json'))).toBe(true);
  }, 150_000);

  test('cdk8s synth --stdout prints the manifests, and nothing else, on stdout', () => {
    const dir = project();
    const result = cdk8s(dir, ['--stdout']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    expect(result.stdout).toMatch(/kind: Deployment\n/);
    expect(result.stdout).not.toMatch(/secure-constructs:/);
  }, 150_000);
});
