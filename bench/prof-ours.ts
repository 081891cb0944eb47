import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
import { ingramOptions, stubFetch } from "./src/shared.ts";
const ours = createIngramMicroClient(ingramOptions("https://api.ingrammicro.com:443", stubFetch));
await ours.tokens.getToken();
const query = { pageSize: 10, keyword: ["laptop"] };
for (let i = 0; i < 150000; i++) await ours.GET("/resellers/v6/catalog", { params: { query } });
