export declare function failedTasks(output: string): string[];
