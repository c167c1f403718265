import * as path from 'path';
import * as ts from 'typescript';

/**
 * Type-checks `source` as if it were a test file beside this one (ts-jest transpiles test files
 * without type-checking, so the matchers' declarations are checked with the compiler here).
 */
function diagnostics(source: string): string[] {
  const file = path.join(__dirname, '__matcher_types_fixture__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['jest', 'node'],
    esModuleInterop: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (path.resolve(name) === file
    ? ts.createSourceFile(name, source, language)
    : getSourceFile(name, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = name => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const PRELUDE = `
import { SecureMicroservice } from '../../src';
import { SynthesizedApp } from '../../src/testing/testing';
import '../../src/testing/jest';
declare const out: SynthesizedApp;
declare const web: SecureMicroservice;
declare const orders: SecureMicroservice;
declare const queueArn: string;
`;

const USES = `
export async function uses(): Promise<void> {
  expect(out).toPassPolicies();
  expect(out).toHaveKubernetesObject('Deployment', { metadata: { name: 'orders' } });
  expect(out).toHaveTerraformResource('aws_kms_key', { enable_key_rotation: true });
  expect(out).toAllowTraffic(web, orders, 8443);
  expect(out).not.toAllowTraffic(orders, web, 8443);
  await expect(out).toAllowAwsAction(orders, 'sqs:SendMessage', queueArn);
  expect(out).toKeepStatefulResourcesOf('dist-main');
  expect(out).not.toKeepStatefulResourcesOf(out);
}
`;

describe('the matchers are typed', () => {
  test('for the global expect', () => {
    expect(diagnostics(PRELUDE + USES)).toEqual([]);
  }, 120_000);

  test("for import { expect } from '@jest/globals'", () => {
    expect(diagnostics(`import { expect } from '@jest/globals';\n${PRELUDE}${USES}`)).toEqual([]);
  }, 120_000);

  test('wrong arguments are type errors with both', () => {
    const wrong = 'export function wrong(): void { expect(out).toAllowTraffic(web, orders, \'8443\'); }\n';
    expect(diagnostics(PRELUDE + wrong).join('\n')).toMatch(/'string' is not assignable to parameter of type 'number'/);
    expect(diagnostics(`import { expect } from '@jest/globals';\n${PRELUDE}${wrong}`).join('\n')).toMatch(/'string' is not assignable to parameter of type 'number'/);
    const notAnOutput = 'export function wrong(): void { expect(out).toKeepStatefulResourcesOf(42); }\n';
    expect(diagnostics(PRELUDE + notAnOutput).join('\n')).toMatch(/'number' is not assignable to parameter of type 'SynthesizedOutput'/);
  }, 120_000);
});
