export interface Requirement {
  name: string;
  usedBy: string;
  find(env: NodeJS.ProcessEnv): string | undefined;
  install: string;
}
export declare const REQUIREMENTS: readonly Requirement[];
export declare function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined;
export declare function missingRequirements(env?: NodeJS.ProcessEnv, requirements?: readonly Requirement[]): string[];
