/** Where and in which currency prices are wanted, and whether to keep only authorized sellers. */
export interface MarketOptions {
  /** ISO country code (default "US"). */
  country?: string;
  /** ISO currency code (default "USD"). */
  currency?: string;
  /** Keep only sellers the manufacturer authorizes (the `sellers(authorizedOnly:)` argument). */
  authorizedOnly?: boolean;
  /** Ask for offers' `factoryLeadDays` (plans without Nexar's Lead Time feature may not read it). Default false. */
  leadTime?: boolean;
  /** Ask for parts' `bestDatasheet` (a feature some plans lack). Default false. */
  datasheets?: boolean;
}

/** The market variables every supply operation takes. */
export const market = (options: MarketOptions) => ({
  ...(options.country ? { country: options.country } : {}),
  ...(options.currency ? { currency: options.currency } : {}),
  authorizedOnly: options.authorizedOnly ?? false,
  ...(options.leadTime ? { leadTime: true } : {}),
  ...(options.datasheets ? { datasheets: true } : {}),
});
