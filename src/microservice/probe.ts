import { k8s } from 'cdk8s-plus-33';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

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
   * Scheme the kubelet uses.
   *
   * @default ProbeScheme.HTTPS
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
    return new Probe('http', path, options.scheme ?? ProbeScheme.HTTPS);
  }

  /** A TCP connection to the service's port. */
  public static tcpSocket(): Probe {
    return new Probe('tcp');
  }

  private constructor(
    private readonly kind: 'http' | 'tcp',
    private readonly path?: string,
    private readonly scheme?: ProbeScheme,
  ) {}

  /** @internal */
  public _validate(scope: IConstruct, property: string): void {
    if (this.kind === 'http' && (typeof this.path !== 'string' || !/^\/[\x21-\x7e]*$/.test(this.path))) {
      fail(scope, property, this.path, 'an HTTP probe path must start with "/" and contain no spaces', "use a path such as '/healthz'");
    }
  }

  /** @internal */
  public _render(portName: string, timing: ProbeTiming): k8s.Probe {
    const port = k8s.IntOrString.fromString(portName);
    const handler = this.kind === 'http'
      ? { httpGet: { path: this.path!, port, scheme: this.scheme } }
      : { tcpSocket: { port } };
    return { ...handler, ...timing };
  }
}
