import { describe, expect, it } from "vitest";
import { crossSiteProblem } from "./origin";

const allowed = ["https://paas.example.org"];

describe("crossSiteProblem", () => {
  it("accepts the dashboard's own origin and non-browser calls", () => {
    expect(crossSiteProblem(new Headers({ origin: "https://paas.example.org" }), allowed)).toBeNull();
    expect(crossSiteProblem(new Headers(), allowed)).toBeNull();
    expect(crossSiteProblem(new Headers({ "sec-fetch-site": "same-origin" }), allowed)).toBeNull();
  });

  it("refuses other origins, sibling app hosts and cross-site fetches", () => {
    expect(crossSiteProblem(new Headers({ origin: "https://evil.example" }), allowed)).toMatch(/not allowed/);
    expect(crossSiteProblem(new Headers({ origin: "https://app-acme.paas.example.org" }), allowed)).toMatch(
      /not allowed/,
    );
    expect(crossSiteProblem(new Headers({ origin: "null" }), allowed)).toMatch(/not allowed/);
    expect(crossSiteProblem(new Headers({ "sec-fetch-site": "cross-site" }), allowed)).toMatch(/Cross-site/);
    expect(crossSiteProblem(new Headers({ "sec-fetch-site": "same-site" }), allowed)).toMatch(/Cross-site/);
  });
});
