// Lint: typescript-eslint's recommended rules plus the ring boundaries of ARCHITECTURE.md.
import tseslint from "typescript-eslint";

const nodeBuiltins = ["node:*", "fs", "path", "os", "http", "https", "net", "url", "crypto", "child_process",
  "worker_threads", "stream", "events", "util", "zlib", "buffer", "process", "timers", "readline"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/*.generated.*"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // core: pure TypeScript. Nothing outside core/, no node:*, no npm runtime package, no clock, no Math.random.
    files: ["core/**/*.ts"],
    ignores: ["core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["../../*", "!../../core/**"], message: "core/ imports nothing outside core/." },
          { group: ["../adapters/*", "../services/*", "../test/*", "../../adapters/*", "../../services/*", "../../test/*"],
            message: "core/ imports nothing outside core/." },
          { group: nodeBuiltins, message: "core/ uses no node:* module." },
          { regex: "^[^.]", message: "core/ uses no npm runtime package." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "process", message: "core/ reads no process state: pass it as a parameter." },
        { name: "Buffer", message: "core/ uses Uint8Array, not Buffer." },
        { name: "setTimeout", message: "core/ has no clock." },
        { name: "setInterval", message: "core/ has no clock." },
        { name: "performance", message: "core/ has no clock: pass the time as a parameter." },
        { name: "require", message: "core/ is ESM." },
      ],
      "no-restricted-properties": ["error",
        { object: "Math", property: "random", message: "core/ takes a seeded RNG as a parameter." },
        { object: "Date", property: "now", message: "core/ takes the time as a parameter." },
      ],
    },
  },
  {
    // adapters import core's public index, never a sibling adapter.
    files: ["adapters/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["../../services/*", "../services/*"], message: "adapters/ never import services/." }],
      }],
    },
  },
);
