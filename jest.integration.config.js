/** Integration tier: real daemons and tools from Debian packages, on loopback. Run serially. */
const unit = require("./jest.config.js");
module.exports = {
  ...unit,
  roots: ["<rootDir>/__tests__/integration"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 120000,
};
