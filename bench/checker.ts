/**
 * The checker benchmark: how long `secure-constructs check` takes on one large multi-document
 * manifest written by someone else (not by synth, so it goes through the YAML parser).
 *
 *   npm run bench:checker                      40 MB manifest, 3 runs, median wall time
 *   npm run bench:checker -- --mb 10 --runs 5  another size, more runs
 *   npm run bench:checker -- --profile <dir>   also write a CPU profile (node --cpu-prof) per run
 *
 * src/ is transpiled once to plain JavaScript (see bench/build.ts); each run is a fresh `node`
 * process calling the CLI's `main(['check', <dir>])`, so the time includes loading the library,
 * reading and parsing the file, the rules and writing the three reports, as in CI.
 *
 * The last line is machine-readable:
 *   bench:checker mb=<size> objects=<count> median_s=<seconds> runs=<list> exit=<code>
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { BUILD, precompile } from './build';
import { median, serviceImage, serviceName } from './common';

interface Options {
  readonly mb: number;
  readonly runs: number;
  readonly profile?: string;
}

function parseOptions(argv: string[]): Options {
  let mb = 40;
  let runs = 3;
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--mb': mb = Number(value()); break;
      case '--runs': runs = Number(value()); break;
      case '--profile': profile = path.resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!(mb > 0) || !(runs >= 1)) throw new Error('--mb and --runs must be positive');
  return { mb, runs, profile };
}

const LABEL = 'app.kubernetes.io/name';

/** The objects of one service: what a team's own manifests (or a Helm chart's output) hold. */
function serviceObjects(i: number): any[] {
  const name = serviceName(i);
  const ns = `team-${String(i % 50).padStart(2, '0')}`;
  // A fresh object each time: shared objects would be written as YAML anchors and aliases, which
  // hand-written and Helm-rendered manifests seldom have.
  const labels = () => ({ [LABEL]: name, 'app.kubernetes.io/part-of': 'shop' });
  const container = {
    name,
    image: serviceImage(i),
    imagePullPolicy: 'Always',
    args: ['--listen=:8443', `--name=${name}`, '--log-format=json'],
    env: [{ name: 'SERVICE', value: name }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { tcpSocket: { port: 'https' } },
    livenessProbe: { tcpSocket: { port: 'https' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, automountServiceAccountToken: false },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels: labels() },
      spec: {
        replicas: 3,
        selector: { matchLabels: { [LABEL]: name } },
        template: {
          metadata: { labels: labels(), annotations: { description: `Service ${name}: a long description that\nspans two lines.` } },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { [LABEL]: name } } }],
            containers: [container],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: labels() }, spec: { selector: { [LABEL]: name }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: ns }, spec: { maxUnavailable: 1, selector: { matchLabels: { [LABEL]: name } } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ns },
      spec: {
        podSelector: { matchLabels: { [LABEL]: name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { [LABEL]: serviceName(i + 1) } } }], ports: [{ port: 8443, protocol: 'TCP' }] }],
        egress: [{ to: [{ podSelector: { matchLabels: { [LABEL]: serviceName(i + 1) } } }], ports: [{ port: 8443, protocol: 'TCP' }] }],
      },
    },
  ];
}

/** Writes a multi-document manifest of about `mb` MB into `dir`; returns the number of objects. */
export function writeManifest(dir: string, mb: number): number {
  const target = mb * 1024 * 1024;
  const namespaces = Array.from({ length: 50 }, (_, i) => ({
    apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${String(i).padStart(2, '0')}`, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  }));
  const denies = namespaces.map(n => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: n.metadata.name },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  }));
  const chunks: string[] = [...namespaces, ...denies].map(o => stringify(o));
  let size = chunks.reduce((s, c) => s + c.length + 4, 0);
  let objects = chunks.length;
  for (let i = 0; size < target; i++) {
    for (const o of serviceObjects(i)) {
      const text = stringify(o);
      chunks.push(text);
      size += text.length + 4;
      objects++;
    }
  }
  fs.writeFileSync(path.join(dir, 'manifest.yaml'), chunks.join('---\n'));
  return objects;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-bench-checker-'));
  try {
    const input = path.join(work, 'input');
    fs.mkdirSync(input);
    const objects = writeManifest(input, options.mb);
    const bytes = fs.statSync(path.join(input, 'manifest.yaml')).size;
    precompile();
    const cli = path.join(BUILD, 'src', 'policy', 'cli.js');
    // The child reports its CPU time (user + system, all threads) on its last stderr line.
    const script = `require(${JSON.stringify(cli)}).main(['check', ${JSON.stringify(input)}, '--out', ${JSON.stringify(path.join(work, 'out'))}], `
      + '{ out: () => {}, err: t => process.stderr.write(t) }).then(c => { process.exitCode = c; const u = process.resourceUsage(); '
      + 'process.stderr.write(`\\ncpu_s=${(u.userCPUTime + u.systemCPUTime) / 1e6}\\n`); });';
    const times: number[] = [];
    const cpus: number[] = [];
    let exit = 0;
    for (let run = 0; run < options.runs; run++) {
      const flags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile}`] : [];
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, [...flags, '-e', script], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      exit = child.status ?? -1;
      const cpu = Number(/cpu_s=([\d.]+)\s*$/.exec(child.stderr ?? '')?.[1] ?? NaN);
      process.stderr.write((child.stderr ?? '').replace(/\n?cpu_s=[\d.]+\s*$/, ''));
      times.push(seconds);
      cpus.push(cpu);
      console.log(`run ${run + 1}: ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (exit ${exit})`);
    }
    // Wall time depends on what else the machine runs; CPU time much less so: both are printed.
    console.log(`bench:checker mb=${(bytes / 1024 / 1024).toFixed(1)} objects=${objects} median_s=${median(times).toFixed(2)} median_cpu_s=${median(cpus).toFixed(2)} `
      + `runs=${times.map(t => t.toFixed(2)).join(',')} exit=${exit}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
