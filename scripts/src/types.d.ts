declare module "swagger2openapi" {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    resolve?: boolean;
  }
  export function convertObj(swagger: object, options: ConvertOptions): Promise<{ openapi: Record<string, any> }>;
}
