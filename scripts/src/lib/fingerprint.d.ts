export declare function scriptsFingerprint(scriptsDir: string): string;
