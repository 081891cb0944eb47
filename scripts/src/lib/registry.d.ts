/** A vendor of the checkout: specs/<id>/sources.json and packages/<id>/src/vendor.ts. */
export interface RegisteredVendor {
  id: string;
  /** "packages/<id>" */
  dir: string;
  /** "@vendor-clients/<id>" */
  packageName: string;
  /** "AcmeParts" */
  pascal: string;
  /** "createAcmePartsClient" */
  factory: string;
}
export declare const VENDOR_CONSUMERS: readonly string[];
export declare function vendorRegistry(root: string): RegisteredVendor[];
export declare function publicPackages(root: string): string[];
