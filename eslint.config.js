// One lint config for the package. The core gets extra bans (STYLE.md rule 1):
// nothing that reads the host's clock, randomness or console may enter the firmware.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "dist", "bench/results", "coverage", "web/dist"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        "Date",
        "setTimeout",
        "setInterval",
        "clearTimeout",
        "console",
        "process",
        "performance",
      ],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Randomness enters the core through a port." },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "os", "crypto"],
              message: "The core imports nothing from the host.",
            },
            {
              // ARCHITECTURE.md v2: pure, audited libraries that use no host API, by name.
              regex: "^(?!\\.{1,2}/|@noble/(hashes|curves)/)",
              message:
                "The core imports only its own files and the allow-listed @noble/hashes and @noble/curves.",
            },
          ],
        },
      ],
    },
  },
  {
    // The browser app talks to the server over HTTP and the WebSocket; from src/ it takes types only.
    files: ["web/**/*.ts", "web/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../../src/*", "../../../src/*"],
              allowTypeImports: true,
              message: "web/ imports only types from src/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        URL: "readonly",
        console: "readonly",
        module: "writable",
        require: "readonly",
        import: "readonly",
      },
    },
  },
);
