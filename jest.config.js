/** Unit tier: fast, no external tools. Integration and e2e tiers have their own configs. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/__tests__/integration/", "/__tests__/e2e/"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 60000,
};
