/** Unit tier: fast, no external tools. Integration and e2e tiers have their own configs. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // __tests__/e2e/*.test.ts (the applier's unit tests) run here; the e2e run itself is *.e2e.ts (jest.e2e.config.js).
  testPathIgnorePatterns: ["/node_modules/", "/__tests__/integration/"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
};
