/** End-to-end tier: the Docker stack on a real Docker Engine (see scripts/e2e-engine.sh run). One file, serial. */
const unit = require("./jest.config.js");
module.exports = {
  ...unit,
  roots: ["<rootDir>/__tests__/e2e"],
  testMatch: ["**/*.e2e.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 300000,
};
