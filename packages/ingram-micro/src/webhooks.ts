import type { webhooks } from "./generated/resellers.ts";

type PayloadOf<P extends keyof webhooks> = webhooks[P] extends { post: { requestBody?: { content: { "application/json": infer B } } } }
  ? B
  : never;

/**
 * Payloads Ingram Micro POSTs to your webhook endpoint. They are not calls the client makes (the
 * paths are left out of `paths`), but their types are here for the server that receives them.
 */
export type AvailabilityUpdateEvent = PayloadOf<"/resellers/v1/webhooks/availabilityupdate">;
export type OrderStatusEvent = PayloadOf<"/resellers/v1/webhooks/orderstatusevent">;
export type { webhooks };
