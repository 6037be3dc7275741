// Parse a GIFT file with gift-pegjs (an independent parser, npm devDependency) and print
// its questions as JSON; on a syntax error print {"error": message, "line": n} and exit 1.
// Used by tests/assessments/test_exchange_gift.py.
const fs = require("fs");
const { parse } = require("gift-pegjs");

try {
  process.stdout.write(JSON.stringify(parse(fs.readFileSync(process.argv[2], "utf8"))));
} catch (error) {
  process.stdout.write(
    JSON.stringify({ error: error.message, line: error.location && error.location.start.line })
  );
  process.exit(1);
}
