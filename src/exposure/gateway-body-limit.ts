import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH } from '../core/opt-out';

/**
 * The control of the request body limit of Gateway routes, as it appears in the opt-out annotation
 * (`opt-out.secure-constructs.io/edge-request-size`) and in rule X-022.
 */
export const EDGE_REQUEST_SIZE_CONTROL = 'edge-request-size';

/** Default largest request body, in bytes, of a route of an internet-facing Envoy Gateway: 1 MiB. */
export const DEFAULT_GATEWAY_MAX_REQUEST_BODY_BYTES = 1_048_576;

/**
 * The largest limit `GatewayBodyLimit.maxBytes` accepts: 1 GiB. Envoy holds each request in memory
 * up to the limit, so a larger one would let a few clients exhaust the proxy; uploads that large
 * belong in object storage (e.g. pre-signed S3 URLs), with `GatewayBodyLimit.none(reason)` for
 * routes that must stream.
 */
export const MAX_GATEWAY_REQUEST_BODY_BYTES = 1_073_741_824;

/**
 * The request body limit (input validation) of a platform's Gateway API exposures
 * (`ExposureController.gatewayApi({ requestBodyLimit })`).
 *
 * With Envoy Gateway, `maxBytes` becomes `spec.requestBuffer.limit` of the `BackendTrafficPolicy`
 * the library writes for each exposed HTTPRoute (the same policy as the rate limit): Envoy buffers
 * each request up to the limit and answers HTTP 413 to a larger one, before the service sees it.
 * Buffering is incompatible with streaming and protocol upgrades (WebSocket, gRPC streaming,
 * `CONNECT`): such requests hang instead of reaching the service, and the CRD refuses
 * `requestBuffer` together with `httpUpgrade`. For a platform whose routes need those, use
 * `GatewayBodyLimit.none('<reason>')`.
 *
 * Other implementations (Istio included) have no typed request body limit (Istio needs
 * `EnvoyFilter` patches, which the library does not write), so an internet-facing Gateway served
 * by one of them needs `GatewayBodyLimit.none('<reason>')`, for instance because a CDN or WAF in
 * front of the Gateway limits request sizes.
 *
 * This is a size limit only: AWS WAF cannot attach to the network load balancer in front of a
 * Gateway, so Gateway API exposures get no managed-rule inspection (SQL injection, known bad
 * inputs, IP reputation) from the library. For that, put CloudFront with a web ACL in front of the
 * Gateway, or expose through the AWS Load Balancer Controller.
 */
export class GatewayBodyLimit {
  /**
   * Requests whose body is larger than `bytes` (a whole number from 1 to 1073741824, 1 GiB) are
   * refused with HTTP 413 on each exposed route.
   */
  public static maxBytes(bytes: number): GatewayBodyLimit {
    return new GatewayBodyLimit(false, bytes, undefined);
  }

  /**
   * No request body limit at the Gateway. The reason (at least 10 characters) is written on every
   * HTTPRoute as the `edge-request-size` opt-out and listed in the policy report.
   */
  public static none(reason: string): GatewayBodyLimit {
    return new GatewayBodyLimit(true, undefined, reason);
  }

  private constructor(
    /** @internal */ public readonly _none: boolean,
    /** @internal */ public readonly _bytes: number | undefined,
    /** @internal */ public readonly _reason: string | undefined) {}

  /** @internal */
  public _validate(scope: IConstruct, property: string): void {
    if (this._none) {
      const r = this._reason;
      if (typeof r !== 'string' || r.trim().length < MIN_REASON_LENGTH) {
        fail(scope, `${property}.none(reason)`, r, `turning the request body limit off needs a reason of at least ${MIN_REASON_LENGTH} characters, recorded on every route`,
          "say why, e.g. GatewayBodyLimit.none('the routes stream WebSocket traffic; CloudFront in front limits request sizes')");
      }
      return;
    }
    const n = this._bytes;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_GATEWAY_REQUEST_BODY_BYTES) {
      fail(scope, `${property}.maxBytes(bytes)`, n, `not a whole number of bytes from 1 to ${MAX_GATEWAY_REQUEST_BODY_BYTES} (1 GiB; Envoy holds each request in memory up to the limit)`,
        `use e.g. ${DEFAULT_GATEWAY_MAX_REQUEST_BODY_BYTES} (1 MiB); for larger uploads use object storage, or GatewayBodyLimit.none('<reason>') for routes that stream`);
    }
  }
}

/** The default of an internet-facing Envoy Gateway: bodies up to 1 MiB. */
export const DEFAULT_GATEWAY_BODY_LIMIT = GatewayBodyLimit.maxBytes(DEFAULT_GATEWAY_MAX_REQUEST_BODY_BYTES);
