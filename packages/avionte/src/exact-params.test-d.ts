import { describe, it } from "vitest";
import type { AvionteClient } from "./index.ts";

declare const avionte: AvionteClient;

// A misspelled key beside valid ones must not compile (openapi-ts/openapi-typescript#2329).
describe("Avionté: exact parameters", () => {
  it("refuses a misspelled query parameter beside a valid one", () => {
    void avionte.GET("/talent/{talentId}", { params: { path: { talentId: 662 }, query: { includeResume: "True" } } });
    void avionte.GET("/talent/{talentId}", {
      // @ts-expect-error includeResumes is not a parameter of this operation
      params: { path: { talentId: 662 }, query: { includeResume: "True", includeResumes: "True" } },
    });
  });

  it("refuses a misspelled path parameter beside a valid one", () => {
    void avionte.GET("/talents/ids/{page}/{pageSize}", { params: { path: { page: 1, pageSize: 100 } } });
    // @ts-expect-error pagesize is not a path parameter
    void avionte.GET("/talents/ids/{page}/{pageSize}", { params: { path: { page: 1, pageSize: 100, pagesize: 100 } } });
  });

  it("refuses a header the pipeline injects, misspelled or not, beside a valid parameter", () => {
    // @ts-expect-error Tenant is set by the pipeline and not a parameter of the generated operation
    void avionte.GET("/talent/{talentId}", { params: { path: { talentId: 662 }, header: { Tenant: "apitest" } } });
  });

  it("refuses a misspelled JSON body property beside a valid one", () => {
    void avionte.POST("/talent/{talentId}/activity", {
      params: { path: { talentId: 662 } },
      body: { talentId: 662, typeId: -11, notes: "texted" },
    });
    void avionte.POST("/talent/{talentId}/activity", {
      params: { path: { talentId: 662 } },
      // @ts-expect-error note is not a body property
      body: { talentId: 662, typeId: -11, note: "texted" },
    });
  });
});
