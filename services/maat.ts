import { main } from "./cli/main.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`maat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(70);
  },
);
