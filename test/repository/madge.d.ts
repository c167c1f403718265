// The parts of madge's API the structure test uses (madge ships no type declarations).
declare module 'madge' {
  interface MadgeResult {
    obj(): { [file: string]: string[] };
    circular(): string[][];
  }
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
    detectiveOptions?: { ts?: { skipTypeImports?: boolean } };
  }
  function madge(path: string, config?: MadgeConfig): Promise<MadgeResult>;
  export = madge;
}
