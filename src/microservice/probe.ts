import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { checkProps, failProp as fail } from '../core/props';

/** Scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS (the certificate is not verified by the kubelet). */
  HTTPS = 'HTTPS',
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions {
  /**
   * Scheme the kubelet uses. It must be the scheme the service's port serves: HTTPS with
   * cert-manager TLS, HTTP in mesh mode (the pod serves plain HTTP to its proxy, which rewrites
   * the probe).
   *
   * @default - the scheme the service's port serves (HTTPS without a mesh)
   */
  readonly scheme?: ProbeScheme;
}

/** Timing of a probe. */
export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** Readiness: checked often, takes a pod out of the Service quickly. */
export const READINESS_TIMING: ProbeTiming = { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 };
/** Liveness: checked less often and with more patience, so slow moments do not restart pods. */
export const LIVENESS_TIMING: ProbeTiming = { initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 6 };

/**
 * A readiness or liveness check on the service's port.
 */
export class Probe {
  /** An HTTP GET on `path`, on the service's port. */
  public static httpGet(path: string, options: HttpProbeOptions = {}): Probe {
    return new Probe('http', path, options);
  }

  /** A TCP connection to the service's port. */
  public static tcpSocket(): Probe {
    return new Probe('tcp');
  }

  private constructor(
    private readonly kind: 'http' | 'tcp',
    private readonly path?: string,
    private readonly options?: unknown,
  ) {}

  /**
   * Checks the probe where a service uses it: the path, the options' shape and that the scheme is
   * the one the service's port serves (`served`, when known).
   * @internal
   */
  public _validate(scope: IConstruct, property: string, served?: ProbeScheme): void {
    if (this.kind !== 'http') return;
    if (typeof this.path !== 'string' || !/^\/[\x21-\x7e]*$/.test(this.path)) {
      fail(scope, property, this.path, 'an HTTP probe path must start with "/" and contain no spaces', "use a path such as '/healthz'");
    }
    checkProps(scope, `${property}.options`, this.options, {
      knownKeys: ['scheme'],
      enums: { scheme: { name: 'ProbeScheme', values: ProbeScheme } },
    });
    const scheme = this.explicitScheme;
    if (served !== undefined && scheme !== undefined && scheme !== served) {
      fail(scope, `${property}.options.scheme`, scheme, `the service's port serves ${served}, so a ${scheme} probe always fails`,
        `leave scheme out (the probe uses the port's scheme), or pass ProbeScheme.${served}`);
    }
  }

  private get explicitScheme(): ProbeScheme | undefined {
    return (this.options as HttpProbeOptions | undefined)?.scheme;
  }

  /**
   * The probe on the port named `portName`; an HTTP probe without an explicit scheme uses
   * `served` (HTTPS when not given).
   * @internal
   */
  public _render(portName: string, timing: ProbeTiming, served?: ProbeScheme): k8s.Probe {
    const port = k8s.IntOrString.fromString(portName);
    const handler = this.kind === 'http'
      ? { httpGet: { path: this.path!, port, scheme: this.explicitScheme ?? served ?? ProbeScheme.HTTPS } }
      : { tcpSocket: { port } };
    return { ...handler, ...timing };
  }
}
