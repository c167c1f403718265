import { image, newPlatform, synth } from './synth';
import { EdgeAuthentication, ExposureController, GatewayApiOptions, Platform, SecureApp, SecureMicroservice } from '../../src';

/**
 * A service `web` exposed on `shop.example.com` through a platform's Gateway API controller (Envoy
 * Gateway's class `eg` unless the options say otherwise), for the tests of the Gateway's traffic
 * controls (rate limit, request body limit).
 */

/** Anonymous access with its reason: the authentication of the exposures below. */
export const PUBLIC = EdgeAuthentication.anonymous('public product pages, no personal data');
/** The `targetRefs` of a policy for the exposed route. */
export const ROUTE = [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }];

/** A platform whose exposure controller is Gateway API with `options`. */
export function platformWith(options: Partial<GatewayApiOptions> = {}): Platform {
  return newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', ...options }) });
}

/** `web` exposed through such a platform, synthesized. */
export function exposeWith(options: Partial<GatewayApiOptions> = {}, authentication: EdgeAuthentication | undefined = PUBLIC) {
  const platform = platformWith(options);
  new SecureMicroservice(platform, 'web', { image: image('web', 1) }).expose({ host: 'shop.example.com', authentication });
  const app = platform.node.scope as SecureApp;
  return { app, out: synth(app) };
}
