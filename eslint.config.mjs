import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "scratch/", "coverage/", "jest.config.js", "jest.integration.config.js"] },
  ...tseslint.configs.recommended,
  // Plain CommonJS launchers and configs.
  { files: ["**/*.js"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Provider classes only by deep path: the package root costs ~2 s and ~500 MB per process.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@cdktf/provider-aws", message: "import by deep path, e.g. @cdktf/provider-aws/lib/vpc" },
            { name: "@cdktf/provider-docker", message: "import by deep path, e.g. @cdktf/provider-docker/lib/service" },
            { name: "@cdktf/provider-random", message: "import by deep path" },
            { name: "@cdktf/provider-tls", message: "import by deep path" },
          ],
        },
      ],
    },
  },
);
